import { collapseSpaces, foldVietnamese } from '../../core/text.ts';
import { titleRank, type Title } from '../../core/titles.ts';

/**
 * Usernames by seed 004 Art. 3 §2: `<given name><initials of family and middle names>.<suffix>`,
 * lower case without diacritics. "Nguyễn Thị Thu Hà" with suffix "bimson" is `hantt.bimson`.
 */

/** The part before the suffix, e.g. `hantt`; empty when the name has no letter or digit. */
export function usernameStem(fullName: string): string {
  const words = collapseSpaces(foldVietnamese(fullName))
    .split(' ')
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter((word) => word.length > 0);
  const given = words.at(-1);
  if (given === undefined) return '';
  const initials = words.slice(0, -1).map((word) => word[0]).join('');
  return given + initials;
}

export function normaliseSuffix(suffix: string): string {
  return foldVietnamese(suffix).replace(/[^a-z0-9]/g, '');
}

function compose(stem: string, ordinal: number, suffix: string): string {
  return `${stem}${ordinal === 0 ? '' : ordinal}.${suffix}`;
}

/**
 * The first free username for one person: the plain form, else `1`, `2`, `3`… after the stem
 * (§2.2: "thêm số thứ tự 1, 2, 3... phía sau tên tài khoản").
 */
export function nextFreeUsername(fullName: string, suffix: string, taken: ReadonlySet<string>): string {
  const stem = usernameStem(fullName);
  if (stem === '') throw new Error('A username needs a name with at least one letter');
  const cleanSuffix = normaliseSuffix(suffix);
  for (let ordinal = 0; ; ordinal += 1) {
    const candidate = compose(stem, ordinal, cleanSuffix);
    if (!taken.has(candidate)) return candidate;
  }
}

export interface UsernameRequest<K> {
  key: K;
  fullName: string;
  title: Title;
}

/**
 * Usernames for a batch of people of one organisation (first set-up, an import). Where names
 * collide, the one in the highest leading position keeps the plain form (§2.2); among equals the
 * earlier in the list does. Names already `taken` are never reassigned: renaming a person who can
 * already sign in would lock them out, so a leader who joins later takes the next free number.
 */
export function assignUsernames<K>(
  people: readonly UsernameRequest<K>[],
  suffix: string,
  taken: Iterable<string> = [],
): Map<K, string> {
  const used = new Set(taken);
  const byPrecedence = people
    .map((person, index) => ({ person, index }))
    .sort((a, b) => titleRank(a.person.title) - titleRank(b.person.title) || a.index - b.index);
  const result = new Map<K, string>();
  for (const { person } of byPrecedence) {
    const username = nextFreeUsername(person.fullName, suffix, used);
    used.add(username);
    result.set(person.key, username);
  }
  return result;
}
