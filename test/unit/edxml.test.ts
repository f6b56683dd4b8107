import { describe, expect, it } from 'vitest';
import { readEdxml, EdxmlRefusal } from '../../src/areas/interconnection/edxml-reader.ts';
import { writeDocumentMessage, writeStatusMessage } from '../../src/areas/interconnection/edxml-writer.ts';
import type { EdxmlDocumentMessage, EdxmlStatusMessage } from '../../src/areas/interconnection/edxml-format.ts';

/**
 * edXML written and read back (issue 19 §2, §4): every header field survives the round trip,
 * `Bussiness` is spelled as the standard does, and hostile XML (external entities, entity bombs,
 * oversized, malformed, wrong structure) is refused with its reason before anything is expanded.
 */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function sampleDocument(overrides: Partial<EdxmlDocumentMessage> = {}): EdxmlDocumentMessage {
  return {
    kind: 'document',
    from: { organId: '000.00.11.H53', organName: 'Sở Công Thương tỉnh Ninh Bình', organAdd: 'Số 1 đường Lê Hồng Phong', email: 'sct@ninhbinh.gov.vn', telephone: '0229 3871 234' },
    to: [{ organId: '000.00.12.H53', organName: 'Sở Tài chính tỉnh Ninh Bình', organAdd: null, email: null, telephone: null }],
    documentId: '000.00.11.H53,2026/12/03,15/SCT-VP',
    codeNumber: '15',
    codeNotation: 'SCT-VP',
    place: 'Ninh Bình',
    promulgationDate: '2026-12-03',
    documentType: '2',
    typeName: 'Công văn',
    subject: 'Về việc báo cáo tình hình thị trường & giá cả <cuối năm>',
    content: null,
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Trần Thị Lan' },
    dueDate: '2026-12-20',
    priority: 1,
    sphereOfPromulgation: null,
    pageAmount: 2,
    appendixes: [],
    responseFor: null,
    steeringType: '1',
    toPlaces: ['Sở Tài chính', 'Lưu: VT'],
    business: { type: 'NEW', reason: null },
    trace: [{ organId: '000.00.11.H53', timestamp: '2026/12/03 09:15:00' }],
    attachments: [{ contentId: 'cid:1', contentType: 'application/pdf', name: 'cong-van-15.pdf', description: 'Văn bản', bytes: PDF }],
    ...overrides,
  };
}

function refusal(input: string | Buffer, limits?: Parameters<typeof readEdxml>[1]): EdxmlRefusal {
  try {
    readEdxml(input, limits);
  } catch (error) {
    if (error instanceof EdxmlRefusal) return error;
    throw error;
  }
  throw new Error('the message was accepted');
}

describe('edXML document messages', () => {
  it('reads back every field it wrote, with the standard namespace and spelling', () => {
    const message = sampleDocument({ responseFor: { organId: '000.00.12.H53', code: '7/STC-VP', promulgationDate: '2026-11-30', documentId: '000.00.12.H53,2026/11/30,7/STC-VP' } });
    const xml = writeDocumentMessage(message);
    expect(xml).toContain('xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"');
    expect(xml).toContain('<edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType>');
    expect(xml).toContain('<edXML:PromulgationDate>2026/12/03</edXML:PromulgationDate>');
    expect(xml).toContain('&amp; giá cả &lt;cuối năm&gt;');
    expect(readEdxml(xml)).toEqual(message);
  });

  it('reads other systems’ prefixes and dd/MM/yyyy dates', () => {
    const xml = writeDocumentMessage(sampleDocument()).replaceAll('edXML:', 'ns2:').replace('xmlns:edXML=', 'xmlns:ns2=').replace('2026/12/03</ns2:PromulgationDate>', '03/12/2026</ns2:PromulgationDate>');
    const read = readEdxml(xml);
    expect(read).toMatchObject({ kind: 'document', promulgationDate: '2026-12-03', codeNotation: 'SCT-VP' });
  });

  it('refuses an external entity without reading the file it names', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><Envelope><Header><MessageHeader><Subject>&x;</Subject></MessageHeader></Header></Envelope>`;
    const error = refusal(xml);
    expect(error.code).toBe('DTD_FORBIDDEN');
    expect(error.message).not.toContain('root:');
  });

  it('refuses a billion-laughs bomb at once, without expanding it', () => {
    const entities = Array.from({ length: 10 }, (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">${entities}]><Envelope><Header><MessageHeader><Subject>&l10;</Subject></MessageHeader></Header></Envelope>`;
    const started = performance.now();
    expect(refusal(xml).code).toBe('DTD_FORBIDDEN');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses a lowercase doctype hidden after a comment too', () => {
    expect(refusal(`<!-- x --><!doctype a [<!entity y "z">]><a/>`).code).toBe('DTD_FORBIDDEN');
  });

  it('refuses a message over the size limit before reading it', () => {
    const xml = writeDocumentMessage(sampleDocument());
    expect(refusal(xml, { maxBytes: 1000, maxAttachments: 5, maxAttachmentBytes: 1000 }).code).toBe('TOO_LARGE');
  });

  it('refuses malformed XML, with its line', () => {
    const error = refusal('<Envelope><Header><MessageHeader></Header></Envelope>');
    expect(error.code).toBe('NOT_WELL_FORMED');
    expect(error.message).toMatch(/dòng \d+/);
  });

  it('refuses XML of another schema', () => {
    expect(refusal('<?xml version="1.0"?><invoice><total>1</total></invoice>').code).toBe('NOT_EDXML');
    expect(refusal('<Envelope><Header><Other/></Header></Envelope>').code).toBe('NOT_EDXML');
  });

  it('refuses a missing required field, naming it', () => {
    const xml = writeDocumentMessage(sampleDocument()).replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '');
    const error = refusal(xml);
    expect(error).toMatchObject({ code: 'MISSING_FIELD' });
    expect(error.message).toContain('MessageHeader/Subject');
  });

  it('refuses a malformed organ id, date, business type and attachment', () => {
    const xml = writeDocumentMessage(sampleDocument());
    expect(refusal(xml.replace('<edXML:OrganId>000.00.11.H53</edXML:OrganId>', '<edXML:OrganId>SCT</edXML:OrganId>')).code).toBe('INVALID_FIELD');
    expect(refusal(xml.replace('2026/12/03</edXML:PromulgationDate>', '2026/13/45</edXML:PromulgationDate>')).code).toBe('INVALID_FIELD');
    expect(refusal(xml.replace('<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>9<')).code).toBe('INVALID_FIELD');
    expect(refusal(xml.replace(/<edXML:Attachment>[^<]*</, '<edXML:Attachment>!!!not base64<')).code).toBe('ATTACHMENT_REFUSED');
  });

  it('refuses a deeply nested document', () => {
    expect(refusal(`<Envelope><Header>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</Header></Envelope>`).code).toBe('NOT_WELL_FORMED');
  });
});

describe('edXML status messages', () => {
  it('reads back what it wrote', () => {
    const status: EdxmlStatusMessage = {
      kind: 'status',
      responseFor: { organId: '000.00.11.H53', code: '15/SCT-VP', promulgationDate: '2026-12-03', documentId: '000.00.11.H53,2026/12/03,15/SCT-VP' },
      from: { organId: '000.00.12.H53', organName: 'Sở Tài chính', organAdd: null, email: null, telephone: null },
      statusCode: '02',
      description: 'Gửi nhầm cơ quan',
      timestamp: new Date('2026-12-03T03:20:05Z'),
      staff: { department: 'Văn phòng', staff: 'Phạm Thị Mai' },
    };
    const xml = writeStatusMessage(status);
    expect(xml).toContain('<edXML:Timestamp>2026/12/03 10:20:05</edXML:Timestamp>');
    expect(readEdxml(xml)).toEqual(status);
  });

  it('refuses a status code the standard does not have', () => {
    const xml = writeStatusMessage({
      kind: 'status',
      responseFor: { organId: '000.00.11.H53', code: '15/SCT-VP', promulgationDate: '2026-12-03', documentId: '000.00.11.H53,2026/12/03,15/SCT-VP' },
      from: { organId: '000.00.12.H53', organName: 'Sở Tài chính' },
      statusCode: '01',
      timestamp: new Date(),
    }).replace('<edXML:StatusCode>01<', '<edXML:StatusCode>99<');
    expect(refusal(xml).code).toBe('INVALID_FIELD');
  });
});
