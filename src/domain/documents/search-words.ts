import { raw, Routine, type FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity } from './document.ts';
import { foldVietnamese } from '../shared/text.ts';

/**
 * Search by words (issue 3, point 7): `cong van khan` finds `Công văn khẩn`, `bao so 9` finds
 * `bão số 9`, and a partial number-notation finds the numbers it begins: `80/QĐ` finds `80/QĐ-SCT`.
 *
 * The words of a folded text (search-text.ts) are its runs of letters and digits; a number-notation
 * also gives the runs with their slashes kept, so `80/qd-sct` gives `80`, `qd`, `sct` and `80/qd`.
 * PostgreSQL computes them (the routine below) into the indexed column `document.content_words`; a
 * search is a conjunction of whole words, and of prefixes for a term with a slash.
 * Whole words, not any substring: `an` no longer finds `ban` and `van`, and a term of two letters
 * costs as little as a rare one (npm run bench: a trigram search scanned every organisation's
 * documents, 40-60 ms for three words).
 */
export const documentSearchWords = new Routine({
  name: 'document_search_words',
  type: 'function',
  language: 'sql',
  deterministic: true,
  params: { folded: { type: 'text' } },
  returns: { runtimeType: 'string', columnType: 'tsvector' },
  body: `select array_to_tsvector(array_remove(regexp_split_to_array(folded, '[^[:alnum:]/]+') || regexp_split_to_array(folded, '[^[:alnum:]]+'), ''))`,
});

/** A term: letters and digits, with slashes kept inside a number-notation. */
const TERM = /[\p{L}\p{N}]+(?:\/[\p{L}\p{N}]*)*/gu;

/**
 * The tsquery of a search text, or null when it has no words: every term must be a word of the
 * document, and a term with a slash (`80/qd`) the beginning of one. Terms hold only letters,
 * digits and slashes, so quoting them cannot be escaped.
 */
export function searchQuery(text: string): string | null {
  const terms = foldVietnamese(text).match(TERM) ?? [];
  if (terms.length === 0) return null;
  return [...new Set(terms)].map((term) => (term.includes('/') ? `'${term}':*` : `'${term}'`)).join(' & ');
}

/**
 * The conditions a search adds to a document query: the register entry is searchable by whoever
 * sees it, the subject and signer only by whoever may read the content (`readable`). The content's
 * words include the entry's, so the index on them finds the candidates for every viewer, and the
 * entry's own words decide for a viewer who may not read the content. Empty for a text without words.
 */
export function searchConditions(text: string, readable: FilterQuery<DocumentEntity>): FilterQuery<DocumentEntity>[] {
  const query = searchQuery(text);
  if (!query) return [];
  return [
    { [raw((alias: string) => `${alias}.content_words @@ cast(? as tsquery)`, [query])]: [] },
    { $or: [readable, { [raw((alias: string) => `document_search_words(${alias}.entry_text) @@ cast(? as tsquery)`, [query])]: [] }] },
  ] as FilterQuery<DocumentEntity>[];
}
