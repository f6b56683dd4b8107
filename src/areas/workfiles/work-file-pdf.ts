import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';
import { headedTable, printed, renderPdf } from '../../core/pdf.ts';
import type { WorkFileIndex } from './work-file-index.ts';

const INDEX_COLUMNS = ['STT', 'Số, ký hiệu', 'Ngày tháng', 'Tác giả', 'Tên loại và trích yếu nội dung', 'Số trang', 'Ghi chú'];

function metadataLines(index: WorkFileIndex): [string, string][] {
  return [
    ['Mã hồ sơ', index.code],
    ['Tiêu đề hồ sơ', index.title],
    ['Thời hạn bảo quản', index.retention],
    ['Chế độ sử dụng', ['Người lập, lãnh đạo đơn vị và lãnh đạo cơ quan', ...(index.sharedWith.length > 0 ? [`chia sẻ với: ${index.sharedWith.join(', ')}`] : [])].join('; ')],
    ['Người lập hồ sơ', `${index.creator} (${index.creatorUnit})`],
    ['Ngôn ngữ', index.language],
    ['Thời gian bắt đầu', printed(index.startDate)],
    ['Thời gian kết thúc', index.endDate ? printed(index.endDate) : 'Đang mở'],
    ['Tổng số văn bản', String(index.documentCount)],
    ['Tổng số trang', String(index.pageCount)],
    ...(index.description ? [['Mô tả', index.description] as [string, string]] : []),
  ];
}

/** A work file as PDF for printing and for the archive: its metadata (Decree 30 Appendix VI) and its index (mục lục văn bản). */
export function workFilePdf(index: WorkFileIndex, exportedAt: Date): Promise<Buffer> {
  const info = { Title: `${index.code} - ${index.title}`, Author: index.creator, Subject: 'Hồ sơ công việc', Keywords: `hồ sơ; ${index.code}`, CreationDate: exportedAt };
  return renderPdf({ layout: 'portrait', info }, (doc) => {
    doc.font('bold').fontSize(11).text(index.organisation.toUpperCase(), { align: 'left' });
    doc.moveDown(1.5);
    doc.fontSize(16).text('HỒ SƠ CÔNG VIỆC', { align: 'center' });
    doc.fontSize(12).text(index.title, { align: 'center' });
    doc.moveDown();
    for (const [label, value] of metadataLines(index)) {
      doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value);
    }
    doc.moveDown();
    doc.font('bold').fontSize(12).text('MỤC LỤC VĂN BẢN', { align: 'center' });
    doc.moveDown(0.5);
    doc.font('regular').fontSize(9);
    const cells = index.rows.map((row) => [
      String(row.ordinal),
      row.numberNotation ?? '',
      printed(row.date),
      row.issuingOrgan,
      [row.kind, row.subject].filter(Boolean).join(' - '),
      row.pageCount === null ? '' : String(row.pageCount),
      row.notes ?? '',
    ]);
    headedTable(doc, [28, 62, 58, 80, '*', 36, 70], INDEX_COLUMNS, cells);
    doc.moveDown();
    doc.font('regular').fontSize(9).text(`Mục lục này có ${index.documentCount} văn bản, ${index.pageCount} trang. Xuất lúc ${vietnamClock(exportedAt)} ngày ${printed(vietnamDate(exportedAt))}.`);
  });
}
