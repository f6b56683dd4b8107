import { raw, Routine, type FilterQuery } from '@mikro-orm/core';
import { foldVietnamese } from '../../core/text.ts';
import type { MailMessageEntity } from './mailbox.ts';

/**
 * Accent-free search over subject, sender and text: the words of the folded text (runs of letters
 * and digits), each prefixed with the organisation (as the cabinet does), in a GIN index. Every
 * term must begin a word: `cong van` finds `Công văn số 12`.
 */
export const mailSearchWords = new Routine({
  name: 'mail_search_words',
  type: 'function',
  language: 'sql',
  deterministic: true,
  params: { organisation: { type: 'uuid' }, folded: { type: 'text' } },
  returns: { runtimeType: 'string', columnType: 'tsvector' },
  body: `select array_to_tsvector(array(select distinct replace(organisation::text, '-', '') || ':' || word from unnest(regexp_split_to_array(folded, '[^[:alnum:]]+')) as word where word <> ''))`,
});

/** At most this much of a message's text is searched (a long mail's first pages say what it is about). */
const SEARCHED_TEXT = 20_000;

export function mailSearchText(subject: string, fromAddress: string, fromName: string | null, text: string): string {
  return foldVietnamese(`${subject} ${fromName ?? ''} ${fromAddress} ${text.slice(0, SEARCHED_TEXT)}`).trim();
}

export function searchTerms(text: string): string[] {
  return [...new Set(foldVietnamese(text).match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 10);
}

/** The condition a search adds, or null for a text without words. */
export function mailSearchCondition(text: string, organisationId: string): FilterQuery<MailMessageEntity> | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  const prefix = organisationId.replace(/-/g, '');
  const query = terms.map((term) => `'${prefix}:${term}':*`).join(' & ');
  return { [raw((alias: string) => `${alias}.search_words @@ cast(? as tsquery)`, [query])]: [] } as FilterQuery<MailMessageEntity>;
}
