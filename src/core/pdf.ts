import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Printed outputs (a work file, a register book) as PDF. The PDF standard fonts have no Vietnamese
 * letters, so the text is set in Noto Serif (SIL Open Font License), embedded as a subset. Its full
 * TTF files come from the @expo-google-fonts/noto-serif package: the @fontsource packages split each
 * face by script, and their "vietnamese" file lacks the basic Latin letters, which would mean
 * switching fonts inside every word. Fonts are registered as `regular` and `bold`.
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

/** Printed dates the Vietnamese way: 25/11/2026. */
export function printed(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

interface PdfOptions {
  layout: 'portrait' | 'landscape';
  info: PDFKit.DocumentInfo;
}

/** A PDF drawn by `draw` on an A4 document with the Vietnamese fonts registered. */
export async function renderPdf(options: PdfOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout,
    margins: { top: 50, bottom: 50, left: 55, right: 40 },
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: options.info,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  draw(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A table whose first row is the column headings, bold on grey. */
export function headedTable(doc: PDFKit.PDFDocument, widths: (number | '*')[], columns: string[], cells: (string | null)[][]): void {
  doc.table({
    columnStyles: widths,
    rowStyles: (row) => (row === 0 ? ({ font: { src: 'bold' }, backgroundColor: '#eeeeee', align: 'center' } as object) : {}),
    data: [columns, ...cells.map((line) => line.map((cell) => cell ?? ''))],
  });
}
