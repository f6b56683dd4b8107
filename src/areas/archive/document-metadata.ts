import { create } from 'xmlbuilder2';
import { printed, renderPdf } from '../../core/pdf.ts';
import { documentKind, type DocumentEntity } from '../documents/public.ts';

/**
 * A document's metadata as the archive keeps it (Decree 30 Appendix VI): organ id, file code and
 * ordinal, kind, number and notation, issue date, issuing organ, subject, language, page count,
 * signer, recipients, priority, due date, and for an incoming document its arrival. Given as XML
 * (element names are the Decree's field names without diacritics, dates ISO 8601) and rendered as
 * PDF for people. A subject the reader may not read is left out of both.
 */
export interface DocumentMetadata {
  organId: string;
  organName: string;
  fileCode: string;
  ordinal: number;
  kindName: string;
  number: string | null;
  notation: string | null;
  issuedOn: string;
  issuingOrgan: string;
  subject: string | null;
  language: string;
  pageCount: number | null;
  signerPosition: string | null;
  signerName: string | null;
  recipients: string | null;
  urgency: string;
  confidentiality: string;
  dueDate: string | null;
  direction: 'INCOMING' | 'OUTGOING';
  arrivalNumber: number | null;
  arrivalDate: string | null;
}

const URGENCY: Record<string, string> = { NORMAL: 'Thường', KHAN: 'Khẩn', THUONG_KHAN: 'Thượng khẩn', HOA_TOC: 'Hỏa tốc' };
const CONFIDENTIALITY: Record<string, string> = { NONE: 'Thường', MAT: 'Mật', TOI_MAT: 'Tối mật', TUYET_MAT: 'Tuyệt mật' };

export function metadataOf(document: DocumentEntity, at: { organId: string; organName: string; fileCode: string; ordinal: number; language: string }, contentRead: boolean): DocumentMetadata {
  const incoming = document.direction === 'INCOMING';
  return {
    ...at,
    kindName: documentKind(document.kind)?.name ?? document.kind,
    number: document.number ?? null,
    notation: document.notation ?? null,
    issuedOn: document.issuedOn,
    issuingOrgan: document.issuingOrgan,
    subject: contentRead ? document.subject : null,
    pageCount: contentRead ? (document.pageCount ?? null) : null,
    signerPosition: document.signerPosition ?? null,
    signerName: document.signerName ?? null,
    recipients: document.recipients ?? null,
    urgency: URGENCY[document.urgency] ?? document.urgency,
    confidentiality: CONFIDENTIALITY[document.confidentiality] ?? document.confidentiality,
    dueDate: document.replyBy ?? null,
    direction: incoming ? 'INCOMING' : 'OUTGOING',
    arrivalNumber: incoming ? (document.registerNumber ?? null) : null,
    arrivalDate: incoming && document.receivedAt ? document.receivedAt.toISOString() : null,
  };
}

const NAMESPACE = 'urn:vanthu:van-ban:1';

export function metadataXml(metadata: DocumentMetadata): string {
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' }).ele(NAMESPACE, 'VanBan');
  const add = (name: string, value: string | number | null) => {
    if (value !== null) root.ele(NAMESPACE, name).txt(String(value));
  };
  add('MaDinhDanhCoQuan', metadata.organId);
  add('TenCoQuan', metadata.organName);
  add('MaHoSo', metadata.fileCode);
  add('SoThuTuTrongHoSo', metadata.ordinal);
  add('TenLoaiVanBan', metadata.kindName);
  add('SoVanBan', metadata.number);
  add('KyHieuVanBan', metadata.notation);
  add('NgayThangVanBan', metadata.issuedOn);
  add('TenCoQuanBanHanh', metadata.issuingOrgan);
  add('TrichYeuNoiDung', metadata.subject);
  add('NgonNgu', metadata.language);
  add('SoTrang', metadata.pageCount);
  add('ChucVuNguoiKy', metadata.signerPosition);
  add('HoTenNguoiKy', metadata.signerName);
  add('NoiNhan', metadata.recipients);
  add('DoKhan', metadata.urgency);
  add('DoMat', metadata.confidentiality);
  add('ThoiHanGiaiQuyet', metadata.dueDate);
  add('SoDen', metadata.arrivalNumber);
  add('NgayDen', metadata.arrivalDate);
  return root.end({ prettyPrint: true });
}

function lines(metadata: DocumentMetadata): [string, string][] {
  const all: [string, string | number | null][] = [
    ['Mã định danh cơ quan', metadata.organId],
    ['Mã hồ sơ', metadata.fileCode],
    ['Số thứ tự trong hồ sơ', metadata.ordinal],
    ['Tên loại văn bản', metadata.kindName],
    ['Số, ký hiệu', [metadata.number, metadata.notation].filter(Boolean).join('/') || null],
    ['Ngày tháng văn bản', printed(metadata.issuedOn)],
    ['Cơ quan ban hành', metadata.issuingOrgan],
    ['Trích yếu nội dung', metadata.subject],
    ['Ngôn ngữ', metadata.language],
    ['Số trang', metadata.pageCount],
    ['Người ký', [metadata.signerPosition, metadata.signerName].filter(Boolean).join(' ') || null],
    ['Nơi nhận', metadata.recipients],
    ['Độ khẩn', metadata.urgency],
    ['Độ mật', metadata.confidentiality],
    ['Thời hạn giải quyết', metadata.dueDate ? printed(metadata.dueDate) : null],
    ['Số đến', metadata.arrivalNumber],
    ['Ngày đến', metadata.arrivalDate],
  ];
  return all.filter((line): line is [string, string | number] => line[1] !== null).map(([label, value]) => [label, String(value)]);
}

export function metadataPdf(metadata: DocumentMetadata, madeAt: Date): Promise<Buffer> {
  const info = { Title: `Thông tin văn bản ${metadata.ordinal} - hồ sơ ${metadata.fileCode}`, Author: metadata.organName, Subject: 'Thông tin đầu vào của văn bản lưu trữ', CreationDate: madeAt };
  return renderPdf({ layout: 'portrait', info }, (doc) => {
    doc.font('bold').fontSize(11).text(metadata.organName.toUpperCase());
    doc.moveDown();
    doc.fontSize(14).text('THÔNG TIN VĂN BẢN LƯU TRỮ', { align: 'center' });
    doc.moveDown();
    for (const [label, value] of lines(metadata)) doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value);
  });
}
