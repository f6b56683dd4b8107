import { collapseSpaces } from './text.ts';
import type { Problems } from './user-error.ts';

/**
 * A required one-line text: trimmed, inner spaces collapsed, not blank, at most `max` characters
 * (Decree 30 Appendix VI gives most lengths). Returns the cleaned text, or null after noting why.
 */
export function requiredText(problems: Problems, field: string[], value: string, max: number, label: string): string | null {
  const clean = collapseSpaces(value);
  if (clean === '') {
    problems.add(field, 'REQUIRED', `${label} không được để trống.`);
    return null;
  }
  if ([...clean].length > max) {
    problems.add(field, 'TOO_LONG', `${label} dài tối đa ${max} ký tự.`);
    return null;
  }
  return clean;
}

/** Like `requiredText` for a value the caller may leave out (undefined or null keeps the old one). */
export function optionalText(
  problems: Problems,
  field: string[],
  value: string | null | undefined,
  max: number,
  label: string,
): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  return requiredText(problems, field, value, max, label);
}

const CODE_PATTERN = /^[\p{Lu}\p{Nd}][\p{Lu}\p{Nd}-]*$/u;

/**
 * A code (a unit's ký hiệu, a register's code or notation mark): capital letters, digits and
 * dashes, as they appear in notations. Passes null and undefined through; returns null after
 * noting a bad one.
 */
export function checkCode(problems: Problems, field: string[], code: string | null | undefined, label: string, example: string): string | null | undefined {
  if (code === null || code === undefined) return code;
  if (!CODE_PATTERN.test(code)) {
    problems.add(field, 'INVALID', `${label} chỉ gồm chữ in hoa, chữ số và dấu gạch ngang (ví dụ: ${example}).`);
    return null;
  }
  return code;
}
