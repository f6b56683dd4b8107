import { raw, Routine, type FilterQuery } from '@mikro-orm/core';
import type { DocumentEntity } from './document.ts';
import { foldVietnamese } from '../../core/text.ts';

/**
 * Search by words (issue 3, point 7): `cong van khan` finds `Công văn khẩn`, `bao so 9` finds
 * `bão số 9`, and a partial number-notation finds the numbers it begins: `80/QĐ` finds `80/QĐ-SCT`.
 *
 * The words of a folded text (search-text.ts) are its runs of letters and digits; a number-notation
 * also gives the runs with their slashes kept, so `80/qd-sct` gives `80`, `qd`, `sct` and `80/qd`.
 * A search is a conjunction of whole words, and of prefixes for a term with a slash.
 * Whole words, not any substring: `an` no longer finds `ban` and `van`, and a term of two letters
 * costs as little as a rare one (npm run bench: a trigram search scanned every organisation's
 * documents, 40-60 ms for three words).
 *
 * The indexed column `document.content_words` holds each word prefixed with its organisation
 * (`<organisation id>:cong`), so that a word's entry in the GIN index lists one organisation's
 * documents, not twenty: common words (`cong`, `van`) made a search read every organisation's
 * postings (npm run bench: 20 ms of a 22 ms query; 2.3 ms with the prefix).
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

/**
 * The words of a folded text (as document_search_words makes them), each prefixed with its
 * organisation: the indexed column's content. The body names the function it calls with its
 * schema: pg_restore computes the column with an empty search_path (issue 22), and every function
 * a body, a generated column or an index calls must be found there too.
 */
export const documentOrganisationWords = new Routine({
  name: 'document_organisation_words',
  type: 'function',
  language: 'sql',
  deterministic: true,
  params: { organisation: { type: 'uuid' }, folded: { type: 'text' } },
  returns: { runtimeType: 'string', columnType: 'tsvector' },
  body: `select array_to_tsvector(array(select replace(organisation::text, '-', '') || ':' || word from unnest(tsvector_to_array(public.document_search_words(folded))) as word))`,
});

/** A term: letters and digits, with slashes kept inside a number-notation. */
const TERM = /[\p{L}\p{N}]+(?:\/[\p{L}\p{N}]*)*/gu;

/**
 * The tsquery of a search text, or null when it has no words: every term must be a word of the
 * document, and a term with a slash (`80/qd`) the beginning of one. Terms hold only letters,
 * digits and slashes, so quoting them cannot be escaped. With `organisationId`, the terms are those
 * of the indexed column (prefixed with the organisation).
 */
export function searchQuery(text: string, organisationId?: string): string | null {
  const terms = foldVietnamese(text).match(TERM) ?? [];
  if (terms.length === 0) return null;
  const prefix = organisationId ? `${organisationId.replace(/-/g, '')}:` : '';
  return [...new Set(terms)].map((term) => (term.includes('/') ? `'${prefix}${term}':*` : `'${prefix}${term}'`)).join(' & ');
}

/**
 * The conditions a search adds to a document query in an organisation: the register entry is
 * searchable by whoever sees it, the subject and signer only by whoever may read the content
 * (`readable`). The content's words include the entry's, so the index on them finds the candidates
 * for every viewer, and the entry's own words decide for a viewer who may not read the content.
 * Empty for a text without words.
 */
export function searchConditions(text: string, organisationId: string, readable: FilterQuery<DocumentEntity>): FilterQuery<DocumentEntity>[] {
  const indexed = searchQuery(text, organisationId);
  const plain = searchQuery(text);
  if (!indexed || !plain) return [];
  return [
    { [raw((alias: string) => `${alias}.content_words @@ cast(? as tsquery)`, [indexed])]: [] },
    { $or: [readable, { [raw((alias: string) => `public.document_search_words(${alias}.entry_text) @@ cast(? as tsquery)`, [plain])]: [] }] },
  ] as FilterQuery<DocumentEntity>[];
}
