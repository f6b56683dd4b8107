import { fileTypeFromBuffer } from 'file-type';

/**
 * What may be attached, judged by the bytes, not the name (DESIGN: uploads). Scans (PDF, images),
 * office documents and signed XML; never a program or script.
 */
const ALLOWED = new Map<string, string>([
  ['application/pdf', 'PDF'],
  ['image/png', 'PNG'],
  ['image/jpeg', 'JPEG'],
  ['image/tiff', 'TIFF'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PPTX'],
  ['application/vnd.oasis.opendocument.text', 'ODT'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ODS'],
  ['application/x-cfb', 'DOC/XLS'],
  ['application/xml', 'XML'],
]);

export type FileVerdict = { ok: true; mediaType: string } | { ok: false; reason: string };

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** Decides from the first bytes (4 KiB or more) and the name the uploader gave. */
export async function judgeFile(head: Uint8Array, fileName: string): Promise<FileVerdict> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    if (ALLOWED.has(detected.mime)) return { ok: true, mediaType: detected.mime };
    return { ok: false, reason: `Loại tệp ${detected.ext.toUpperCase()} không được phép đính kèm.` };
  }
  // No magic number: plain text kinds only, and only when the bytes are text.
  const extension = fileName.toLowerCase().split('.').pop();
  if ((extension === 'xml' || extension === 'txt' || extension === 'csv') && looksLikeText(head)) {
    if (head[0] === 0x23 && head[1] === 0x21) return { ok: false, reason: 'Tệp kịch bản (script) không được phép đính kèm.' };
    return { ok: true, mediaType: extension === 'xml' ? 'application/xml' : extension === 'csv' ? 'text/csv' : 'text/plain' };
  }
  return { ok: false, reason: 'Không nhận dạng được loại tệp; chỉ nhận PDF, ảnh quét, văn bản Office/ODF và XML.' };
}
