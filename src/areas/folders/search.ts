import { foldVietnamese } from '../../core/text.ts';
import { organisationWordsRoutine } from '../../core/word-search.ts';

/** Accent-free search over the cabinet (core/word-search.ts): a folder's folded name, an item's name and description. */
export const folderSearchWords = organisationWordsRoutine('folder_search_words');

/** The folded text an item is searched by. */
export function itemSearchText(name: string, description: string | null | undefined): string {
  return foldVietnamese(`${name} ${description ?? ''}`).trim();
}
