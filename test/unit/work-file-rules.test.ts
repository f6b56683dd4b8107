import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DocumentEntity } from '../../src/areas/documents/document.ts';
import { Problems } from '../../src/core/user-error.ts';
import { totalsOf } from '../../src/areas/workfiles/work-file-contents.ts';
import { notesOf, type WorkFileIndex } from '../../src/areas/workfiles/work-file-index.ts';
import { workFileXml } from '../../src/areas/workfiles/work-file-xml.ts';
import { endDateOf, languageCode, reorder, retentionLabel, retentionYears, startDateOf, workFileCode } from '../../src/areas/workfiles/work-file-rules.ts';

/** The plain rules of work files: metadata checks, the order of the index, its notes and totals. */
function check<T>(rule: (problems: Problems) => T): { value: T; codes: string[] } {
  const problems = new Problems();
  const value = rule(problems);
  return { value, codes: problems.errors.map((error) => error.code) };
}

describe('work file metadata', () => {
  it('takes codes of letters and digits joined by . - / _, upper-cased, up to 50 characters', () => {
    expect(check((p) => workFileCode(p, ['code'], ' 2026.qltm.05 '))).toEqual({ value: '2026.QLTM.05', codes: [] });
    expect(check((p) => workFileCode(p, ['code'], 'hs/đtm_01-a'))).toEqual({ value: 'HS/ĐTM_01-A', codes: [] });
    expect(check((p) => workFileCode(p, ['code'], '   ')).codes).toEqual(['REQUIRED']);
    for (const bad of ['HS 01', '.HS', 'HS.', 'HS..01', 'HS#1', 'HS\n1']) expect(check((p) => workFileCode(p, ['code'], bad)), bad).toEqual({ value: null, codes: ['INVALID'] });
    expect(check((p) => workFileCode(p, ['code'], 'A'.repeat(50))).codes).toEqual([]);
    expect(check((p) => workFileCode(p, ['code'], 'A'.repeat(51))).codes).toEqual(['TOO_LONG']);
  });

  it('keeps a file for 1 to 100 years or permanently, never both nor neither', () => {
    expect(check((p) => retentionYears(p, ['retention'], { years: 10 }))).toEqual({ value: 10, codes: [] });
    expect(check((p) => retentionYears(p, ['retention'], { permanent: true }))).toEqual({ value: null, codes: [] });
    expect(check((p) => retentionYears(p, ['retention'], { permanent: false, years: 100 }))).toEqual({ value: 100, codes: [] });
    for (const input of [{}, { permanent: false }, { years: null }]) expect(check((p) => retentionYears(p, ['retention'], input)).codes, JSON.stringify(input)).toEqual(['REQUIRED']);
    for (const input of [{ years: 0 }, { years: 101 }, { years: 2.5 }, { permanent: true, years: 5 }]) {
      expect(check((p) => retentionYears(p, ['retention'], input)), JSON.stringify(input)).toEqual({ value: undefined, codes: ['INVALID'] });
    }
    const problems = new Problems();
    retentionYears(problems, ['input', 'retention'], { years: -1 });
    expect(problems.errors[0]?.field).toEqual(['input', 'retention', 'years']);
    expect(retentionLabel(null)).toBe('Vĩnh viễn');
    expect(retentionLabel(20)).toBe('20 năm');
  });

  it('takes ISO 639 language codes', () => {
    for (const good of ['vi', 'en', 'fra', 'vi-VN']) expect(check((p) => languageCode(p, ['language'], good)).codes, good).toEqual([]);
    for (const bad of ['', 'VI', 'vietnamese', 'Tiếng Việt', 'vi_VN', 'vi-vn']) expect(check((p) => languageCode(p, ['language'], bad)).codes, bad).toEqual(['INVALID']);
  });

  it('dates a file from a real day not in the future, and closes it between its start and today', () => {
    const today = '2026-11-25';
    expect(check((p) => startDateOf(p, ['startDate'], '2026-11-25', today)).value).toBe('2026-11-25');
    expect(check((p) => startDateOf(p, ['startDate'], '2025-02-28', today)).value).toBe('2025-02-28');
    for (const bad of ['2026-11-26', '2026-02-30', '25/11/2026', '']) expect(check((p) => startDateOf(p, ['startDate'], bad, today)).codes, bad).toEqual(['INVALID']);
    expect(check((p) => endDateOf(p, ['endDate'], '2026-11-01', '2026-11-01', today)).value).toBe('2026-11-01');
    expect(check((p) => endDateOf(p, ['endDate'], today, '2026-11-01', today)).value).toBe(today);
    for (const bad of ['2026-10-31', '2026-11-26', '2026-13-01']) expect(check((p) => endDateOf(p, ['endDate'], bad, '2026-11-01', today)).codes, bad).toEqual(['INVALID']);
  });
});

describe('the order of a work file', () => {
  const all = ['a', 'b', 'c', 'd', 'e'];
  const every = new Set(all);

  it('moves a document to any place when the mover sees them all', () => {
    expect(reorder(all, every, 'e', 1)).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(reorder(all, every, 'a', 5)).toEqual(['b', 'c', 'd', 'e', 'a']);
    expect(reorder(all, every, 'c', 2)).toEqual(['a', 'c', 'b', 'd', 'e']);
    expect(reorder(all, every, 'b', 2)).toEqual(all);
  });

  it('leaves the documents the mover may not see in their slots, and never drops or repeats one', () => {
    // b and d are hidden: the mover sees a, c, e and moves e first among them.
    const seen = new Set(['a', 'c', 'e']);
    expect(reorder(all, seen, 'e', 1)).toEqual(['e', 'b', 'a', 'd', 'c']);
    expect(reorder(all, seen, 'a', 3)).toEqual(['c', 'b', 'e', 'd', 'a']);
    for (const id of seen) {
      for (let position = 1; position <= seen.size; position += 1) {
        const order = reorder(all, seen, id, position);
        expect([...order].sort()).toEqual(all);
        expect(order[1]).toBe('b');
        expect(order[3]).toBe('d');
        expect(order.filter((item) => seen.has(item)).indexOf(id)).toBe(position - 1);
      }
    }
  });

  it('refuses to move a document the mover does not see', () => {
    expect(() => reorder(all, new Set(['a']), 'b', 1)).toThrow();
  });
});

describe('the index of a work file', () => {
  it('notes the direction, drafts, recalls, returns and the level of classified documents', () => {
    expect(notesOf({ direction: 'INCOMING', status: 'REGISTERED', confidentiality: 'NONE' })).toBe('Văn bản đến');
    expect(notesOf({ direction: 'INCOMING', status: 'RETURNED', confidentiality: 'TOI_MAT' })).toBe('Văn bản đến; Đã trả lại; Tối mật');
    expect(notesOf({ direction: 'OUTGOING', status: 'DRAFT', confidentiality: 'NONE' })).toBe('Dự thảo');
    expect(notesOf({ direction: 'OUTGOING', status: 'AWAITING_APPROVAL', confidentiality: 'MAT' })).toBe('Dự thảo; Mật');
    expect(notesOf({ direction: 'OUTGOING', status: 'ISSUED', confidentiality: 'NONE' })).toBe('Văn bản đi');
    expect(notesOf({ direction: 'OUTGOING', status: 'RECALLED', confidentiality: 'TUYET_MAT' })).toBe('Văn bản đi; Đã thu hồi; Tuyệt mật');
  });

  it('counts the documents seen, and the pages only of those whose content may be read', () => {
    const documents = [
      { id: '1', pageCount: 3 },
      { id: '2', pageCount: null },
      { id: '3', pageCount: 7 },
    ] as unknown as DocumentEntity[];
    expect(totalsOf(documents, () => true)).toEqual({ documentCount: 3, pageCount: 10 });
    expect(totalsOf(documents, (document) => document.id !== '3')).toEqual({ documentCount: 3, pageCount: 3 });
    expect(totalsOf([], () => true)).toEqual({ documentCount: 0, pageCount: 0 });
  });
});

describe('the XML of a work file', () => {
  const index: WorkFileIndex = {
    code: 'HS-01', year: 2026, title: 'Hồ sơ <đặc biệt> & "trích dẫn"', description: null, retentionYears: 5, retention: '5 năm',
    organisation: 'Sở Công Thương', creator: 'Nguyễn Thị Thu Hà', creatorUnit: 'Phòng Quản lý thương mại', sharedWith: [], language: 'vi',
    startDate: '2026-11-01', endDate: '2026-11-25', status: 'CLOSED', documentCount: 1, pageCount: 0, documents: [],
    rows: [{ ordinal: 1, numberNotation: null, date: '2026-11-02', issuingOrgan: 'Sở Nội vụ', kind: 'Tờ trình', subject: 'Ký tự lạ \u0001 đã bỏ', pageCount: null, notes: 'Dự thảo' }],
  };

  it('escapes markup, drops characters XML cannot carry, and leaves out what is empty', () => {
    const xml = workFileXml(index, new Date('2026-11-25T03:00:00Z'));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const { HoSo } = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false }).parse(xml);
    expect(HoSo).toMatchObject({
      TieuDeHoSo: 'Hồ sơ <đặc biệt> & "trích dẫn"',
      ThoiHanBaoQuan: { '#text': '5 năm', '@vinhVien': 'false', '@soNam': '5' },
      ThoiGianKetThuc: '2026-11-25',
      TrangThai: 'Đã đóng',
      NgayXuat: '2026-11-25T03:00:00.000Z',
    });
    expect(HoSo.MoTa).toBeUndefined();
    expect(HoSo.MucLucVanBan.VanBan).toEqual({ SoThuTu: '1', NgayThang: '2026-11-02', TacGia: 'Sở Nội vụ', TenLoai: 'Tờ trình', TrichYeu: 'Ký tự lạ  đã bỏ', GhiChu: 'Dự thảo' });
  });
});
