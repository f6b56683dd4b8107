import { foldVietnamese } from '../../core/text.ts';
import { organisationWordsRoutine } from '../../core/word-search.ts';

/** Accent-free search over subject, sender and text (core/word-search.ts): `cong van` finds `Công văn số 12`. */
export const mailSearchWords = organisationWordsRoutine('mail_search_words');

/** At most this much of a message's text is searched (a long mail's first pages say what it is about). */
const SEARCHED_TEXT = 20_000;

export function mailSearchText(subject: string, fromAddress: string, fromName: string | null, text: string): string {
  return foldVietnamese(`${subject} ${fromName ?? ''} ${fromAddress} ${text.slice(0, SEARCHED_TEXT)}`).trim();
}
