import { printed, renderPdf } from '../../core/pdf.ts';
import type { CopyFormBlock } from './copy-form.ts';

/** What the printed copy shows of its original (read by whoever may read the original's content). */
export interface PrintedCopy {
  numberNotation: string;
  block: CopyFormBlock;
  /** MẬT, TỐI MẬT…, and XEM XONG TRẢ LẠI or LƯU HÀNH NỘI BỘ: the original's marks, which the copy carries. */
  marks: string[];
  original: { numberNotation: string | null; issuingOrgan: string; issuedOn: string; kind: string; subject: string };
  /** Trích sao: the part reproduced. */
  part: string | null;
}

/**
 * A copy as printed (Decree 30 Appendix I part III): the original's marks and identification, the
 * part for an extract, then under a full-width line the copy form's block — the mark (SAO Y,
 * TRÍCH SAO, SAO LỤC) and the agency with the copy's number on the left, the date and the signer on
 * the right, the recipients below. The number is also in the PDF's metadata (Subject).
 */
export function copyPdf(copy: PrintedCopy, printedAt: Date): Promise<Buffer> {
  const info = { Title: `${copy.block.mark} ${copy.numberNotation}`, Subject: copy.numberNotation, Keywords: copy.block.mark, CreationDate: printedAt };
  return renderPdf({ layout: 'portrait', info }, (doc) => {
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const left = doc.page.margins.left;
    if (copy.marks.length > 0) doc.font('bold').fontSize(11).text(copy.marks.join(' - '), { align: 'right' });
    doc.moveDown();
    doc.font('regular').fontSize(11).text(`${copy.original.issuingOrgan}`);
    doc.text(`${copy.original.kind} số ${copy.original.numberNotation ?? '(không số)'} ngày ${printed(copy.original.issuedOn)}`);
    doc.font('bold').text(copy.original.subject);
    if (copy.part) doc.font('regular').text(`Phần trích sao: ${copy.part}`);
    doc.moveDown(2);
    const top = doc.y;
    doc.moveTo(left, top).lineTo(left + width, top).stroke();
    const column = width / 2;
    doc.font('bold').fontSize(12).text(copy.block.mark, left, top + 10, { width: column });
    doc.font('regular').fontSize(11).text(copy.block.agency, left, doc.y, { width: column });
    doc.text(copy.block.number, left, doc.y, { width: column });
    const leftEnd = doc.y;
    doc.font('regular').text(copy.block.date, left + column, top + 10, { width: column, align: 'center' });
    if (copy.block.signerPosition) doc.font('bold').text(copy.block.signerPosition, left + column, doc.y, { width: column, align: 'center' });
    if (copy.block.signerName) doc.font('bold').text(copy.block.signerName, left + column, doc.y + 40, { width: column, align: 'center' });
    if (copy.block.recipients) doc.font('regular').fontSize(9).text(copy.block.recipients, left, Math.max(leftEnd, doc.y) + 10, { width: column });
  });
}
