import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef, PDFString, type PDFObject } from 'pdf-lib';

/**
 * One signature added to a PDF as an incremental update (ISO 32000-1 §7.5.6): the original bytes
 * stay as they are and new or changed objects (the signature dictionary, its widget with a visible
 * appearance, the page's annotations, the AcroForm) are appended with their own cross-reference
 * section, so every earlier signature still covers exactly what it covered. pdf-lib reads the
 * structure and serialises the objects; only the appending is written here, because pdf-lib saves
 * by rewriting the whole file.
 */
export interface SignatureAppearance {
  /** 0-based page index. */
  page: number;
  /** Lower-left corner and size, in PDF points. */
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface SignatureFields {
  signerName: string;
  reason: string;
  signingTime: Date;
  appearance: SignatureAppearance;
  /** The encoding named in the dictionary; the CMS is the same (it carries the ESS signing-certificate-v2 attribute either way). */
  subFilter?: 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached';
}

export interface PreparedPdf {
  bytes: Buffer;
  /** [start1, length1, start2, length2]: everything but the /Contents hex string. */
  byteRange: [number, number, number, number];
}

/** Room for the CMS: certificates of a 2048-bit chain and the signature fit in well under 12 KB. */
export const CONTENTS_BYTES = 12_000;
const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 ********** ********** **********]';

export class NotAPdf extends Error {}

export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-') && bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF');
}

export function hasSignatures(bytes: Buffer): boolean {
  return bytes.includes('/ByteRange');
}

async function load(bytes: Buffer): Promise<PDFDocument> {
  if (!isPdf(bytes)) throw new NotAPdf('not a PDF');
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    throw new NotAPdf(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The base a signature is appended to: an unsigned file is first rewritten once by pdf-lib with a
 * plain cross-reference table (nothing covers it yet, so a rewrite harms no one, and what follows
 * appends to a known structure); a signed one is kept byte for byte.
 */
export async function signingBase(bytes: Buffer): Promise<Buffer> {
  const document = await load(bytes);
  if (document.isEncrypted) throw new NotAPdf('encrypted PDF');
  if (hasSignatures(bytes)) return bytes;
  return Buffer.from(await document.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

/** The ASCII the standard Helvetica can show: Vietnamese letters without their marks. */
export function asciiFolded(text: string): string {
  return text.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '?');
}

function pdfDate(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `D:${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}${local.slice(11, 13)}${local.slice(14, 16)}${local.slice(17, 19)}+07'00'`;
}

function bytesOf(object: PDFObject): Buffer {
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return Buffer.from(buffer);
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** The file with an empty signature (zeros in /Contents) appended, and its byte range filled in. */
export async function prepareSignature(base: Buffer, fields: SignatureFields): Promise<PreparedPdf> {
  const document = await load(base);
  const context = document.context;
  const pages = document.getPages();
  const page = pages[fields.appearance.page];
  if (!page) throw new RangeError(`page ${fields.appearance.page + 1} does not exist`);
  const existingSignatures = (base.toString('latin1').match(/\/ByteRange/g) ?? []).length;
  const { x, y, width, height, lines } = fields.appearance;

  const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding' }));
  const size = Math.min(9, (height - 6) / Math.max(1, lines.length) / 1.2);
  const text = lines.map((line, index) => `BT /F1 ${size.toFixed(2)} Tf 4 ${(height - 4 - size * 1.2 * (index + 1) + size * 0.2).toFixed(2)} Td (${escapeLiteral(asciiFolded(line))}) Tj ET`).join('\n');
  const content = `q 0 0 0.6 RG 1 w 0.5 0.5 ${width - 1} ${height - 1} re S 0 0 0.6 rg\n${text}\nQ`;
  const appearance = context.register(context.stream(content, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: { Font: { F1: font } } }));

  const signatureRef = context.nextRef();
  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [x, y, x + width, y + height],
      V: signatureRef,
      T: PDFString.of(`Signature${existingSignatures + 1}`),
      F: 4,
      P: page.ref,
      AP: { N: appearance },
    }),
  );

  const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  const newAnnotations = context.obj([...(annotations?.asArray() ?? []), widget]);
  page.node.set(PDFName.of('Annots'), newAnnotations);

  const catalog = document.catalog;
  const oldForm = catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const form = context.obj({}) as PDFDict;
  for (const [key, value] of oldForm?.entries() ?? []) form.set(key, value);
  const oldFields = oldForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  form.set(PDFName.of('Fields'), context.obj([...(oldFields?.asArray() ?? []), widget]));
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  catalog.set(PDFName.of('AcroForm'), form);

  const rootRef = context.trailerInfo.Root as PDFRef;
  const written = new Map<number, Buffer>();
  for (const ref of [font, appearance, widget, page.ref, rootRef]) written.set(ref.objectNumber, bytesOf(context.lookup(ref)!));
  const signatureDictionary =
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${fields.subFilter ?? 'adbe.pkcs7.detached'} ${BYTE_RANGE_PLACEHOLDER} ` +
    `/Contents <${'0'.repeat(CONTENTS_BYTES * 2)}> /Name ${PDFHexString.fromText(fields.signerName).toString()} ` +
    `/Reason ${PDFHexString.fromText(fields.reason).toString()} /M (${pdfDate(fields.signingTime)}) >>`;
  written.set(signatureRef.objectNumber, Buffer.from(signatureDictionary, 'latin1'));

  const parts: Buffer[] = [base];
  let offset = base.length;
  if (base[base.length - 1] !== 0x0a) {
    parts.push(Buffer.from('\n'));
    offset += 1;
  }
  const offsets = new Map<number, number>();
  const generationOf = (number: number) => (number === page.ref.objectNumber ? page.ref.generationNumber : number === rootRef.objectNumber ? rootRef.generationNumber : 0);
  for (const [number, body] of [...written].sort((a, b) => a[0] - b[0])) {
    const object = Buffer.concat([Buffer.from(`${number} ${generationOf(number)} obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.set(number, offset);
    parts.push(object);
    offset += object.length;
  }
  const xrefOffset = offset;
  let xref = 'xref\n';
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  for (let start = 0; start < numbers.length; ) {
    let end = start;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end += 1;
    xref += `${numbers[start]} ${end - start + 1}\n`;
    for (let index = start; index <= end; index += 1) xref += `${String(offsets.get(numbers[index]!)).padStart(10, '0')} ${String(generationOf(numbers[index]!)).padStart(5, '0')} n\r\n`;
    start = end + 1;
  }
  const info = context.trailerInfo.Info ? ` /Info ${context.trailerInfo.Info.toString()}` : '';
  const id = context.trailerInfo.ID ? ` /ID ${context.trailerInfo.ID.toString()}` : '';
  xref += `trailer\n<< /Size ${context.largestObjectNumber + 1} /Root ${rootRef.toString()}${info}${id} /Prev ${previousXref(base)} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  const bytes = Buffer.concat(parts);

  const placeholderAt = bytes.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsStart = bytes.indexOf('/Contents <', placeholderAt) + '/Contents '.length;
  const contentsEnd = contentsStart + CONTENTS_BYTES * 2 + 2;
  const byteRange: [number, number, number, number] = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const filled = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  if (filled.length !== BYTE_RANGE_PLACEHOLDER.length) throw new Error('byte range does not fit its placeholder');
  bytes.write(filled, placeholderAt, 'latin1');
  return { bytes, byteRange };
}

function previousXref(bytes: Buffer): number {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  const match = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!match) throw new NotAPdf('no startxref');
  return Number(match[1]);
}

/** The bytes a signature covers (both parts of its byte range). */
export function coveredBytes(bytes: Buffer, byteRange: readonly number[]): Buffer {
  const [start1, length1, start2, length2] = byteRange as [number, number, number, number];
  return Buffer.concat([bytes.subarray(start1, start1 + length1), bytes.subarray(start2, start2 + length2)]);
}

/** The prepared file with the CMS written into its /Contents placeholder. */
export function embedSignature(prepared: PreparedPdf, cms: Buffer): Buffer {
  const hex = cms.toString('hex').toUpperCase();
  if (hex.length > CONTENTS_BYTES * 2) throw new Error('signature larger than its placeholder');
  const bytes = Buffer.from(prepared.bytes);
  bytes.write(hex, prepared.byteRange[1] + 1, 'latin1');
  return bytes;
}
