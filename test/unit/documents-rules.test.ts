import { describe, expect, it } from 'vitest';
import { documentKind, DOCUMENT_KINDS } from '../../src/areas/documents/kinds.ts';
import { formatRegisterNumber, numberNotationKey, parseNumberNotation } from '../../src/areas/documents/notation.ts';
import { isIsoDate, vietnamDate, vietnamYear } from '../../src/core/vietnam-time.ts';
import { registeredLate } from '../../src/areas/documents/delivery-deadlines.ts';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';

describe('document kinds (Decree 30 Appendix III)', () => {
  it('knows the abbreviations, and Công văn has none', () => {
    expect(documentKind('QUYET_DINH')?.abbreviation).toBe('QĐ');
    expect(documentKind('TO_TRINH')?.abbreviation).toBe('TTr');
    expect(documentKind('GIAY_MOI')?.abbreviation).toBe('GM');
    expect(documentKind('CONG_VAN')?.abbreviation).toBeNull();
    expect(documentKind('DON_THU')).toBeUndefined();
    expect(new Set(DOCUMENT_KINDS.map((kind) => kind.code)).size).toBe(DOCUMENT_KINDS.length);
  });
});

describe('number and notation', () => {
  it.each([
    ['80/QĐ-SCT', '80', 'QĐ-SCT'],
    ['05/BNV-VP', '05', 'BNV-VP'],
    ['15/2020/NĐ-CP', '15', '2020/NĐ-CP'],
    [' 123 / TTr-UBND ', '123', 'TTr-UBND'],
  ])('parses %s', (text, number, notation) => {
    expect(parseNumberNotation(text)).toEqual({ number, notation });
  });

  it.each(['', 'QĐ-SCT', '80', '80/', '/QĐ', 'abc/QĐ', '80/QĐ--SCT', '80/QĐ SCT', '123456789012/QĐ', `1/${'A'.repeat(31)}`])(
    'refuses %j',
    (text) => {
      expect(parseNumberNotation(text)).toBeNull();
    },
  );

  it('gives one key to the same reference written differently', () => {
    const a = parseNumberNotation('080/QĐ-SCT')!;
    const b = parseNumberNotation('80/qd-sct')!;
    expect(numberNotationKey(a)).toBe(numberNotationKey(b));
    expect(numberNotationKey(a)).not.toBe(numberNotationKey(parseNumberNotation('81/QĐ-SCT')!));
  });

  it('writes register numbers with two digits at least', () => {
    expect(formatRegisterNumber(1)).toBe('01');
    expect(formatRegisterNumber(10)).toBe('10');
    expect(formatRegisterNumber(1234)).toBe('1234');
  });
});

describe('Vietnam time', () => {
  it('turns the year at midnight in Hanoi, not UTC', () => {
    expect(vietnamYear(new Date('2026-12-31T16:59:59Z'))).toBe(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
    expect(vietnamDate(new Date('2026-03-01T18:00:00Z'))).toBe('2026-03-02');
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});

describe('registration day (Decree 30 Art. 4)', () => {
  const calendar = new WorkingCalendar();
  it('is late only after the next working day, holidays counted', () => {
    expect(registeredLate('2026-11-27', '2026-11-27', calendar)).toBe(false);
    expect(registeredLate('2026-11-27', '2026-11-30', calendar)).toBe(false); // Friday → Monday
    expect(registeredLate('2026-11-27', '2026-12-01', calendar)).toBe(true);
    expect(registeredLate('2027-02-04', '2027-02-10', calendar)).toBe(false); // over Tết
    expect(registeredLate('2027-02-04', '2027-02-11', calendar)).toBe(true);
  });
});
