import { endOfVietnamDate, startOfVietnamDay } from '../../core/vietnam-time.ts';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Unit } from '../accounts/public.ts';
import { reject } from '../../core/user-error.ts';
import type { DocumentAccess } from './document-access.ts';
import { Document, type DocumentEntity } from './document.ts';
import { documentKind, isClassified } from './kinds.ts';
import { formatRegisterNumber, numberNotationOf } from './notation.ts';
import type { RegisterEntity } from './register.ts';
import { circulationLabel, circulationNotes } from './circulation.ts';
import { isIsoDate, vietnamDate } from '../../core/vietnam-time.ts';

/**
 * A register read as the Decree's book (Decree 30 Appendix IV) for a period: the columns of the
 * incoming register (arrival date and number, author, number/notation, date, kind and subject,
 * receiving unit or person, date handed on, signature, notes) or of the outgoing one (number,
 * date, kind and subject, signer, recipients, copies, notes). Rows the reader may see only; a
 * subject the reader may not read is left empty, as in every other path.
 */
export const MAX_BOOK_ROWS = 10_000;
const MAX_PERIOD_DAYS = 366;

export interface RegisterBookRow {
  number: string;
  registeredOn: string;
  author: string;
  numberNotation: string | null;
  documentDate: string;
  kind: string;
  subject: string | null;
  handedTo: string | null;
  handedOn: string | null;
  signer: string | null;
  recipients: string | null;
  notes: string | null;
  /** XEM XONG TRẢ LẠI or LƯU HÀNH NỘI BỘ, as printed. */
  circulationMark?: string | null;
  /** Registered late (incoming: after the next working day; outgoing: after an emergency sending). */
  late: boolean;
}

export interface RegisterBook {
  rows: RegisterBookRow[];
  /** The classified documents whose content (subject, signer) the book showed: reads to record. */
  classifiedRead: DocumentEntity[];
}

export async function registerBook(em: EntityManager, register: RegisterEntity, from: string, to: string, access: DocumentAccess): Promise<RegisterBook> {
  if (!isIsoDate(from)) reject(['from'], 'INVALID', 'Ngày bắt đầu không hợp lệ.');
  if (!isIsoDate(to) || to < from) reject(['to'], 'INVALID', 'Ngày kết thúc phải từ ngày bắt đầu trở đi.');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) reject(['to'], 'INVALID', 'Mỗi lần in sổ tối đa một năm.');
  const start = startOfVietnamDay(from);
  const end = endOfVietnamDate(to);
  const documents = await em.find(
    Document,
    { $and: [access.visible, { register: register.id, registeredAt: { $gte: start, $lt: end } }] } as FilterQuery<DocumentEntity>,
    { orderBy: { registerYear: 'asc', registerNumber: 'asc' }, limit: MAX_BOOK_ROWS + 1 },
  );
  if (documents.length > MAX_BOOK_ROWS) reject(['to'], 'INVALID', `Kỳ này có hơn ${MAX_BOOK_ROWS} văn bản: chọn khoảng thời gian ngắn hơn.`);

  const accountIds = [...new Set(documents.flatMap((document) => document.handlerIds))];
  const accounts = accountIds.length > 0 ? await em.find(Account, { id: { $in: accountIds } }) : [];
  const units = new Map((await em.find(Unit, {})).map((unit) => [unit.id, unit.name]));
  const people = new Map(accounts.map((account) => [account.id, `${account.fullName} (${units.get(account.unit.id) ?? ''})`]));

  const classifiedRead: DocumentEntity[] = [];
  const rows = documents.map((document) => {
    const readable = access.canReadContent(document);
    if (readable && isClassified(document.confidentiality)) classifiedRead.push(document);
    const incoming = document.direction === 'INCOMING';
    const handOver = incoming && access.canSeeHandOver(document);
    return {
      number: formatRegisterNumber(document.registerNumber ?? 0),
      registeredOn: vietnamDate(document.registeredAt ?? document.createdAt),
      author: document.issuingOrgan,
      numberNotation: numberNotationOf(document),
      documentDate: document.issuedOn,
      kind: documentKind(document.kind)?.name ?? document.kind,
      subject: readable ? document.subject : null,
      handedTo: handOver ? document.handlerIds.map((id) => people.get(id)).filter(Boolean).join('; ') || null : null,
      handedOn: handOver && document.handlerIds.length > 0 && document.registeredAt ? vietnamDate(document.registeredAt) : null,
      signer: readable && document.signerName ? [document.signerPosition, document.signerName].filter(Boolean).join(' ') : null,
      recipients: !incoming && readable ? (document.recipients ?? null) : null,
      circulationMark: circulationLabel(document.circulationMark),
      late: document.registeredLate,
      notes: [
        ...circulationNotes(document),
        !incoming && document.sentFirstAt ? `Vào sổ sau khi người soạn thảo đã gửi gấp ngày ${vietnamDate(document.sentFirstAt)}` : null,
        document.status === 'RETURNED' ? `Trả lại: ${document.returnReason ?? ''}` : null,
        document.status === 'RECALLED' ? `Thu hồi: ${document.recallReason ?? ''}` : null,
        document.recallBy ? `Hạn thu hồi ${document.recallBy}` : null,
        document.replyRequired ? `Phúc đáp${document.replyBy ? ` trước ${document.replyBy}` : ''}` : null,
      ]
        .filter(Boolean)
        .join('; ') || null,
    };
  });
  return { rows, classifiedRead };
}

const INCOMING_COLUMNS = ['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'];
const OUTGOING_COLUMNS = ['Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Người ký', 'Nơi nhận văn bản', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ghi chú'];

/** The book as a table with the Decree's column headings: one shape for CSV and for print. */
export function registerBookTable(
  direction: 'INCOMING' | 'OUTGOING',
  rows: RegisterBookRow[],
  /** How the date columns are written: ISO for integrators by default. */
  date: (iso: string) => string = (iso) => iso,
): { columns: string[]; cells: (string | null)[][] } {
  const kindAndSubject = (row: RegisterBookRow) => [row.kind, row.subject].filter(Boolean).join(' - ');
  const handedOn = (row: RegisterBookRow) => (row.handedOn ? date(row.handedOn) : null);
  return direction === 'INCOMING'
    ? {
        columns: INCOMING_COLUMNS,
        cells: rows.map((row) => [date(row.registeredOn), row.number, row.author, row.numberNotation, date(row.documentDate), kindAndSubject(row), row.handedTo, handedOn(row), '', row.notes]),
      }
    : { columns: OUTGOING_COLUMNS, cells: rows.map((row) => [row.numberNotation, date(row.documentDate), kindAndSubject(row), row.signer, row.recipients, null, null, row.notes]) };
}

/**
 * A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
 * return: an issuing organ of `=HYPERLINK(…)`) gets a leading apostrophe, so it is read as text
 * (OWASP's advice for CSV injection).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: string | null): string {
  const text = neutraliseFormula(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The book as CSV with the Decree's column headings (UTF-8 with BOM, so spreadsheets read the accents). */
export function registerBookCsv(direction: 'INCOMING' | 'OUTGOING', rows: RegisterBookRow[]): string {
  const { columns, cells } = registerBookTable(direction, rows);
  return '\uFEFF' + [columns, ...cells].map((line) => line.map((cell) => csvCell(cell ?? null)).join(',')).join('\r\n') + '\r\n';
}
