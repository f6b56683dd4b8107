import { headedTable, printed, renderPdf } from '../../core/pdf.ts';
import { registerBookTable, type RegisterBookRow } from './register-book.ts';
import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';

interface PrintedBook {
  organisation: string;
  registerName: string;
  direction: 'INCOMING' | 'OUTGOING';
  from: string;
  to: string;
  rows: RegisterBookRow[];
}

/** Column widths of the Decree's books on landscape A4 (about 745 points between the margins). */
const WIDTHS = {
  INCOMING: [52, 34, 90, 70, 52, '*', 95, 52, 45, 80],
  OUTGOING: [80, 58, '*', 90, 110, 80, 40, 80],
} as const;

/**
 * A register book for printing (Decree 30 Appendix IV): the agency, the book's title and period,
 * and its columns on landscape pages, as the CSV has them. Sealed subjects stay empty.
 */
export function registerBookPdf(book: PrintedBook, printedAt: Date): Promise<Buffer> {
  const title = book.direction === 'INCOMING' ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐI';
  const period = `Từ ngày ${printed(book.from)} đến ngày ${printed(book.to)}`;
  const info = { Title: `${title} - ${book.registerName}`, Author: book.organisation, Subject: period, CreationDate: printedAt };
  return renderPdf({ layout: 'landscape', info }, (doc) => {
    doc.font('bold').fontSize(11).text(book.organisation.toUpperCase());
    doc.moveDown();
    doc.fontSize(15).text(title, { align: 'center' });
    doc.font('regular').fontSize(11).text(book.registerName, { align: 'center' });
    doc.text(period, { align: 'center' });
    doc.moveDown();
    // Dates as printed in Vietnam (the CSV keeps them ISO for integrators).
    const { columns, cells } = registerBookTable(book.direction, book.rows, printed);
    doc.fontSize(8);
    headedTable(doc, [...WIDTHS[book.direction]], columns, cells);
    doc.moveDown();
    doc.fontSize(9).text(`Sổ này có ${book.rows.length} văn bản. In lúc ${vietnamClock(printedAt)} ngày ${printed(vietnamDate(printedAt))}.`);
  });
}
