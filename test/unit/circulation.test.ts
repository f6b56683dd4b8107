import { describe, expect, it } from 'vitest';
import { circulationMarkOfLabel, circulationNotes, refuseElectronicSending } from '../../src/areas/documents/circulation.ts';
import type { DocumentEntity } from '../../src/areas/documents/public.ts';
import { Rejection } from '../../src/core/user-error.ts';
import { outgoingMessage } from '../../src/areas/interconnection/edxml-mapping.ts';
import { readEdxml } from '../../src/areas/interconnection/edxml-reader.ts';
import { writeDocumentMessage } from '../../src/areas/interconnection/edxml-writer.ts';

/**
 * Circulation limits (issue 21 §4): the one rule every electronic sending path asks, the marks in
 * notes, and the mark carried by edXML's SphereOfPromulgation (phạm vi lưu hành) both ways.
 */
function refusal(document: Parameters<typeof refuseElectronicSending>[0]) {
  try {
    refuseElectronicSending(document, ['input', 'id']);
    return null;
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    return error.errors.map(({ code, message }) => ({ code, message }));
  }
}

describe('electronic sending', () => {
  it('an ordinary or return-after-reading document goes; an internal-only one and a restricted one are refused with the reason', () => {
    expect(refusal({})).toBeNull();
    expect(refusal({ circulationMark: 'RETURN_AFTER_READING' })).toBeNull();
    expect(refusal({ circulationMark: 'INTERNAL_ONLY' })).toEqual([{ code: 'INTERNAL_ONLY', message: expect.stringContaining('LƯU HÀNH NỘI BỘ') }]);
    expect(refusal({ publicationRestrictedAt: new Date(), publicationRestrictionReason: 'Đang đàm phán' })).toEqual([
      { code: 'PUBLICATION_RESTRICTED', message: expect.stringContaining('(Đang đàm phán)') },
    ]);
  });

  it('the notes carry the mark and the restriction', () => {
    expect(circulationNotes({})).toEqual([]);
    expect(circulationNotes({ circulationMark: 'RETURN_AFTER_READING', publicationRestrictedAt: new Date() })).toEqual(['XEM XONG TRẢ LẠI', 'Hạn chế công bố: chỉ phát hành bản giấy']);
  });
});

describe('edXML', () => {
  it('a return-after-reading document is sent with its mark as SphereOfPromulgation, read back as the mark', () => {
    const document = {
      kind: 'CONG_VAN', number: '15', notation: 'SCT-VP', issuedOn: '2026-12-03', legalNormative: false, subject: 'Tài liệu hội nghị', urgency: 'NORMAL',
      replyRequired: false, recipients: null, circulationMark: 'RETURN_AFTER_READING',
    } as unknown as DocumentEntity;
    const organ = { organId: '000.00.11.H53', organName: 'Sở Công Thương', organAdd: null, email: null, telephone: null };
    const message = outgoingMessage({ document, from: { ...organ, place: 'Ninh Bình' }, to: { ...organ, organId: '000.00.12.H53' }, business: 'NEW', attachments: [], now: new Date() });
    expect(message.sphereOfPromulgation).toBe('XEM XONG TRẢ LẠI');
    const read = readEdxml(writeDocumentMessage(message));
    expect(read.kind === 'document' && circulationMarkOfLabel(read.sphereOfPromulgation)).toBe('RETURN_AFTER_READING');
    expect(circulationMarkOfLabel('xem xong tra lai')).toBe('RETURN_AFTER_READING');
    expect(circulationMarkOfLabel('Toàn quốc')).toBeNull();
    expect(circulationMarkOfLabel(null)).toBeNull();
  });
});
