import { describe, expect, it } from 'vitest';
import { searchQuery } from '../../src/areas/documents/search-words.ts';

describe('searchQuery', () => {
  it('folds the words and asks for each one whole', () => {
    expect(searchQuery('Công văn KHẨN')).toBe(`'cong' & 'van' & 'khan'`);
    expect(searchQuery('phòng, chống (bão) số 9')).toBe(`'phong' & 'chong' & 'bao' & 'so' & '9'`);
  });

  it('asks for the beginning of a number-notation, and for its other parts whole', () => {
    expect(searchQuery('80/QĐ')).toBe(`'80/qd':*`);
    expect(searchQuery('4711/CV-SKHĐT')).toBe(`'4711/cv':* & 'skhdt'`);
  });

  it('keeps nothing that could end a quoted term or add an operator', () => {
    expect(searchQuery(`a' | b:* & !c \\ 'd`)).toBe(`'a' & 'b' & 'c' & 'd'`);
    expect(searchQuery(' - / , ')).toBeNull();
  });

  it("prefixes each term with the organisation for the indexed words", () => {
    const organisation = '4233bc22-0488-4346-9c34-02b0500c62e8';
    expect(searchQuery('Công văn 80/QĐ', organisation)).toBe(`'4233bc22048843469c3402b0500c62e8:cong' & '4233bc22048843469c3402b0500c62e8:van' & '4233bc22048843469c3402b0500c62e8:80/qd':*`);
  });
});
