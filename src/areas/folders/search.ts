import { raw, Routine, type FilterQuery } from '@mikro-orm/core';
import { foldVietnamese } from '../../core/text.ts';
import type { FolderEntity, FolderItemEntity } from './folder.ts';

/**
 * Accent-free search over the cabinet's folders and items: the words of a folder's folded name, of an item's folded name and description
 * (runs of letters and digits), each prefixed with its organisation so that a common word's GIN
 * entry lists one organisation's items (as documents do, search-words.ts). Every term of a search
 * must begin a word: `bao cao q` finds `Báo cáo quý 3`.
 */
export const folderSearchWords = new Routine({
  name: 'folder_search_words',
  type: 'function',
  language: 'sql',
  deterministic: true,
  params: { organisation: { type: 'uuid' }, folded: { type: 'text' } },
  returns: { runtimeType: 'string', columnType: 'tsvector' },
  body: `select array_to_tsvector(array(select distinct replace(organisation::text, '-', '') || ':' || word from unnest(regexp_split_to_array(folded, '[^[:alnum:]]+')) as word where word <> ''))`,
});

/** The folded text an item is searched by. */
export function itemSearchText(name: string, description: string | null | undefined): string {
  return foldVietnamese(`${name} ${description ?? ''}`).trim();
}

/** The terms of a search (letters and digits only, so quoting them cannot be escaped). */
export function searchTerms(text: string): string[] {
  return [...new Set(foldVietnamese(text).match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 10);
}

/** The condition a search adds to folders or to items (both keep `search_words`), or null for a text without words. */
export function searchCondition<T extends FolderEntity | FolderItemEntity>(text: string, organisationId: string): FilterQuery<T> | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  const prefix = organisationId.replace(/-/g, '');
  const query = terms.map((term) => `'${prefix}:${term}':*`).join(' & ');
  return { [raw((alias: string) => `${alias}.search_words @@ cast(? as tsquery)`, [query])]: [] } as FilterQuery<T>;
}
