import { foldVietnamese } from '../../core/text.ts';

/**
 * Number and notation (số, ký hiệu) as written on a document: `80/QĐ-SCT`, `05/BNV-VP`,
 * `15/2020/NĐ-CP`. The number has at most 11 digits and the notation at most 30 characters
 * (Decree 30 Appendix VI); the notation is letters and digits joined by `-`, `/` or `.`.
 */
export const NUMBER_MAX = 11;
export const NOTATION_MAX = 30;

export interface NumberNotation {
  number: string;
  notation: string;
}

const PATTERN = /^(\d{1,11})\/([\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)*)$/u;

export function parseNumberNotation(text: string): NumberNotation | null {
  const match = PATTERN.exec(text.trim().replace(/\s*([-/.])\s*/gu, '$1'));
  if (!match || (match[2] as string).length > NOTATION_MAX) return null;
  return { number: match[1] as string, notation: (match[2] as string).normalize('NFC') };
}

export function formatNumberNotation(value: NumberNotation): string {
  return `${value.number}/${value.notation}`;
}

/** A document's number and notation as written, or null while it has none (a draft, an unnumbered entry). */
export function numberNotationOf(document: { number?: string | null; notation?: string | null }): string | null {
  return document.number && document.notation ? formatNumberNotation({ number: document.number, notation: document.notation }) : null;
}

/** For duplicate detection and search: `080/qđ-sct` and `80/QD-SCT` are the same reference. */
export function numberNotationKey(value: NumberNotation): string {
  return `${Number(value.number)}/${foldVietnamese(value.notation)}`;
}

/** Register numbers are written with at least two digits: 01, 02, … 10, 11 (Decree 30 Art. 15). */
export function formatRegisterNumber(number: number): string {
  return String(number).padStart(2, '0');
}

/** A document's place in a register as people quote it: `01/2026` (number in the register, year). */
export function formatArrivalNumber(number: number, year: number): string {
  return `${formatRegisterNumber(number)}/${year}`;
}
