import { isIsoDate } from '../../core/vietnam-time.ts';
import type { Problems } from '../../core/user-error.ts';

/**
 * The plain rules of a work file's metadata (Decree 30 Appendix VI) and of its order, kept apart
 * from the database so that tests can run them directly.
 */

/** Mã hồ sơ: groups of letters and digits joined by `.`, `-`, `/` or `_`, e.g. `2026.QLTM.05`. */
const CODE_MAX = 50;
const CODE = /^[\p{L}\p{N}]+(?:[./_-][\p{L}\p{N}]+)*$/u;

/** The code in upper case (so `2026.qltm.05` and `2026.QLTM.05` are one code), or null after noting why not. */
export function workFileCode(problems: Problems, field: string[], value: string): string | null {
  const code = value.trim().toUpperCase();
  if (code === '') problems.add(field, 'REQUIRED', 'Mã hồ sơ không được để trống.');
  else if ([...code].length > CODE_MAX) problems.add(field, 'TOO_LONG', `Mã hồ sơ dài tối đa ${CODE_MAX} ký tự.`);
  else if (!CODE.test(code)) problems.add(field, 'INVALID', 'Mã hồ sơ gồm chữ và số, phân cách bằng dấu chấm, gạch ngang, gạch chéo hoặc gạch dưới.');
  else return code;
  return null;
}

export interface RetentionInput {
  permanent?: boolean | null;
  years?: number | null;
}

/** The longest term in years; anything kept longer is kept permanently (vĩnh viễn). */
const MAX_RETENTION_YEARS = 100;

/** Thời hạn bảo quản: a number of years, or null for permanently; undefined after noting a problem. */
export function retentionYears(problems: Problems, field: string[], input: RetentionInput): number | null | undefined {
  if (input.permanent) {
    if (input.years != null) problems.add([...field, 'years'], 'INVALID', 'Chọn bảo quản vĩnh viễn hoặc một số năm, không chọn cả hai.');
    return input.years != null ? undefined : null;
  }
  if (input.years == null) {
    problems.add([...field, 'years'], 'REQUIRED', 'Thời hạn bảo quản là vĩnh viễn hoặc một số năm.');
    return undefined;
  }
  if (!Number.isInteger(input.years) || input.years < 1 || input.years > MAX_RETENTION_YEARS) {
    problems.add([...field, 'years'], 'INVALID', `Thời hạn bảo quản là số năm từ 1 đến ${MAX_RETENTION_YEARS}.`);
    return undefined;
  }
  return input.years;
}

export function retentionLabel(years: number | null): string {
  return years === null ? 'Vĩnh viễn' : `${years} năm`;
}

/** An ISO 639 language code, optionally with a region: `vi`, `en`, `vi-VN`. */
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Z]{2})?$/;

export function languageCode(problems: Problems, field: string[], value: string): string | null {
  const code = value.trim();
  if (LANGUAGE.test(code)) return code;
  problems.add(field, 'INVALID', 'Ngôn ngữ là mã ISO 639, ví dụ "vi" hoặc "en".');
  return null;
}

/** The day a file was opened: a real date, not in the future. */
export function startDateOf(problems: Problems, field: string[], value: string, today: string): string | null {
  if (!isIsoDate(value)) problems.add(field, 'INVALID', 'Ngày bắt đầu không hợp lệ (YYYY-MM-DD).');
  else if (value > today) problems.add(field, 'INVALID', 'Ngày bắt đầu không được ở tương lai.');
  else return value;
  return null;
}

/** The day a file was closed: a real date from its start date to today. */
export function endDateOf(problems: Problems, field: string[], value: string, startDate: string, today: string): string | null {
  if (!isIsoDate(value)) problems.add(field, 'INVALID', 'Ngày kết thúc không hợp lệ (YYYY-MM-DD).');
  else if (value < startDate) problems.add(field, 'INVALID', 'Ngày kết thúc không được trước ngày bắt đầu.');
  else if (value > today) problems.add(field, 'INVALID', 'Ngày kết thúc không được ở tương lai.');
  else return value;
  return null;
}

/**
 * The file's new order when one document moves to `position` (from 1) among the documents its
 * mover may see. Documents the mover may not see keep their slots, so moving never reveals them
 * nor disturbs them.
 */
export function reorder(all: readonly string[], visible: ReadonlySet<string>, documentId: string, position: number): string[] {
  const seen = all.filter((id) => visible.has(id));
  const from = seen.indexOf(documentId);
  if (from < 0) throw new Error('reorder: the document is not among those seen');
  const moved = [...seen.slice(0, from), ...seen.slice(from + 1)];
  moved.splice(Math.min(Math.max(position, 1), seen.length) - 1, 0, documentId);
  let next = 0;
  return all.map((id) => (visible.has(id) ? (moved[next++] as string) : id));
}
