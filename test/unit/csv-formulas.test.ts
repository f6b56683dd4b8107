import { describe, expect, it } from 'vitest';
import { neutraliseFormula, registerBookCsv, type RegisterBookRow } from '../../src/areas/documents/register-book.ts';

/** CSV exports never hand a spreadsheet a formula to run (issue 13 point 7). */
const row = (overrides: Partial<RegisterBookRow>): RegisterBookRow => ({
  number: '1',
  registeredOn: '2026-03-02',
  author: 'UBND tỉnh',
  numberNotation: '12/QĐ-UBND',
  documentDate: '2026-03-01',
  kind: 'Quyết định',
  subject: 'Về việc giao chỉ tiêu',
  handedTo: null,
  handedOn: null,
  signer: null,
  recipients: null,
  notes: null,
  late: false,
  ...overrides,
});

describe('CSV formula prefixes', () => {
  it('prefixes =, +, -, @, tab and carriage return with an apostrophe', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    for (const text of ['UBND tỉnh', '12/QĐ-UBND', '', 'a=b']) expect(neutraliseFormula(text)).toBe(text);
  });

  it('the register book CSV exports an issuing organ of =HYPERLINK(…) as text', () => {
    const csv = registerBookCsv('INCOMING', [row({ author: '=HYPERLINK("http://evil.example","Bấm")', notes: '@cmd', subject: '-1' })]);
    const line = csv.split('\r\n')[1] ?? '';
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm"")"`);
    expect(line).toContain(`'@cmd`);
    expect(line).not.toMatch(/(^|,)[=+\-@]/);
  });
});
