import QRCode from 'qrcode';
import { headedTable, printed, renderPdf } from '../../core/pdf.ts';
import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';
import type { OneStopCaseEntity, OneStopProcedureEntity, OneStopSlipEntity } from './onestop.ts';

/** Where the public look-up page is served (ONESTOP_PUBLIC_URL), printed as the receipt's QR code. */
export function lookupAddress(receiptCode: string): string {
  const base = (process.env.ONESTOP_PUBLIC_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
  return `${base}/public/lookup?code=${encodeURIComponent(receiptCode)}`;
}

const at = (instant: Date) => `${vietnamClock(instant)} ngày ${printed(vietnamDate(instant))}`;

function heading(doc: PDFKit.PDFDocument, organisation: string, title: string): void {
  doc.font('bold').fontSize(11).text(organisation.toUpperCase());
  doc.font('regular').fontSize(10).text('BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ');
  doc.moveDown();
  doc.font('bold').fontSize(15).text(title, { align: 'center' });
  doc.moveDown();
}

function line(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value);
}

/**
 * The receipt with appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả, Decree 61/2018 form 01):
 * the code, the applicant, the papers taken in, the appointment, and a QR code of the look-up.
 */
export async function receiptPdf(organisation: string, record: OneStopCaseEntity, procedure: OneStopProcedureEntity): Promise<Buffer> {
  const qr = await QRCode.toBuffer(lookupAddress(record.receiptCode), { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const info = { Title: `Giấy tiếp nhận hồ sơ ${record.receiptCode}`, Subject: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', Keywords: record.receiptCode, CreationDate: record.receivedAt };
  return renderPdf({ layout: 'portrait', info }, (doc) => {
    heading(doc, organisation, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    line(doc, 'Mã hồ sơ', record.receiptCode);
    line(doc, 'Thủ tục', `${procedure.name} (${procedure.code})`);
    line(doc, 'Người nộp', record.applicantName);
    line(doc, record.applicantKind === 'PERSON' ? 'Số định danh cá nhân' : 'Mã số thuế', record.applicantIdNumber);
    line(doc, 'Địa chỉ', record.applicantAddress);
    line(doc, 'Điện thoại', record.applicantPhone);
    doc.moveDown(0.5);
    doc.font('regular').fontSize(9);
    headedTable(doc, [28, '*', 60], ['STT', 'Thành phần hồ sơ', 'Số bản'], record.papers.map((paper, index) => [String(index + 1), paper.name, String(paper.copies)]));
    doc.moveDown();
    line(doc, 'Tiếp nhận lúc', at(record.receivedAt));
    line(doc, 'Hẹn trả kết quả', at(record.appointmentAt));
    line(doc, 'Lệ phí', `${procedure.fee.toLocaleString('vi-VN')} đồng`);
    doc.moveDown();
    doc.font('regular').fontSize(9).text('Tra cứu tình trạng hồ sơ bằng mã QR dưới đây hoặc mã hồ sơ:');
    doc.image(qr, { width: 120 });
    doc.fontSize(8).text(lookupAddress(record.receiptCode));
  });
}

const SLIP_TITLES: Record<OneStopSlipEntity['kind'], string> = {
  GUIDANCE: 'PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ',
  SUPPLEMENT: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  REFUSAL: 'PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ',
  APOLOGY: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
};

/** A slip (Decree 61/2018 forms 02–04): guidance or a supplement request with the papers missing, a refusal with its reason, an apology with the new date. */
export function slipPdf(organisation: string, slip: OneStopSlipEntity, procedure: OneStopProcedureEntity, receiptCode: string | null): Promise<Buffer> {
  const info = { Title: SLIP_TITLES[slip.kind], Subject: procedure.name, CreationDate: slip.createdAt };
  return renderPdf({ layout: 'portrait', info }, (doc) => {
    heading(doc, organisation, SLIP_TITLES[slip.kind]);
    if (receiptCode) line(doc, 'Mã hồ sơ', receiptCode);
    line(doc, 'Thủ tục', `${procedure.name} (${procedure.code})`);
    line(doc, 'Kính gửi', slip.applicantName);
    doc.moveDown(0.5);
    if (slip.missingPapers.length > 0) {
      doc.font('bold').fontSize(10).text('Giấy tờ cần bổ sung, hoàn thiện:');
      for (const [index, name] of slip.missingPapers.entries()) doc.font('regular').text(`${index + 1}. ${name}`);
    }
    if (slip.reason) line(doc, slip.kind === 'APOLOGY' ? 'Lý do chậm' : slip.kind === 'REFUSAL' ? 'Lý do' : 'Ghi chú', slip.reason);
    if (slip.newAppointmentAt) line(doc, 'Hẹn trả kết quả lại vào', at(slip.newAppointmentAt));
    if (slip.kind === 'APOLOGY') doc.moveDown().font('regular').text('Cơ quan thành thật xin lỗi ông/bà vì sự chậm trễ này.');
    doc.moveDown();
    doc.font('regular').fontSize(9).text(`Lập lúc ${at(slip.createdAt)}.`);
  });
}
