/**
 * Vietnamese text helpers shared by every area.
 *
 * `foldVietnamese` is the one normalisation used for usernames and for accent-insensitive search:
 * lower case, diacritics removed, `đ` read as `d` (Unicode does not decompose `đ`, so NFD alone
 * leaves it in place).
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Trims and collapses runs of white space, so "  Nguyễn   Hà " and "Nguyễn Hà" are one name. */
export function collapseSpaces(text: string): string {
  return text.trim().replace(/\s+/gu, ' ');
}
