import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { vietnamClock, vietnamDate } from '../documents/vietnam-time.ts';
import type { WorkFileIndex } from './work-file-index.ts';

/**
 * A work file as PDF for printing and for the archive: its metadata (Decree 30 Appendix VI) and its
 * index (mục lục văn bản). The PDF standard fonts have no Vietnamese letters, so the text is set in
 * Noto Serif (SIL Open Font License), embedded as a subset. Its full TTF files come from the
 * @expo-google-fonts/noto-serif package: the @fontsource packages split each face by script, and
 * their "vietnamese" file lacks the basic Latin letters, which would mean switching fonts inside
 * every word.
 */
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf')),
  };
  return fonts;
}

const INDEX_COLUMNS = ['STT', 'Số, ký hiệu', 'Ngày tháng', 'Tác giả', 'Tên loại và trích yếu nội dung', 'Số trang', 'Ghi chú'];

/** Printed dates the Vietnamese way: 25/11/2026. */
function printed(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

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

export async function workFilePdf(index: WorkFileIndex, exportedAt: Date): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 55, right: 40 },
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: `${index.code} - ${index.title}`, Author: index.creator, Subject: 'Hồ sơ công việc', Keywords: `hồ sơ; ${index.code}`, CreationDate: exportedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

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
  doc.table({
    columnStyles: [28, 62, 58, 80, '*', 36, 70],
    rowStyles: (row) => (row === 0 ? ({ font: { src: 'bold' }, backgroundColor: '#eeeeee', align: 'center' } as object) : {}),
    data: [
      INDEX_COLUMNS,
      ...index.rows.map((row) => [
        String(row.ordinal),
        row.numberNotation ?? '',
        printed(row.date),
        row.issuingOrgan,
        [row.kind, row.subject].filter(Boolean).join(' - '),
        row.pageCount === null ? '' : String(row.pageCount),
        row.notes ?? '',
      ]),
    ],
  });
  doc.moveDown();
  doc.font('regular').fontSize(9).text(`Mục lục này có ${index.documentCount} văn bản, ${index.pageCount} trang. Xuất lúc ${vietnamClock(exportedAt)} ngày ${printed(vietnamDate(exportedAt))}.`);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
