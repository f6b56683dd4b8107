/**
 * The edXML message of QCVN 102:2016/BTTTT (amended 2022) as Vanthu reads and writes it, apart
 * from any XML: what a document message and a status message carry (../shared/DOMAIN.md). Names
 * follow the standard's elements; values are the standard's (dates `yyyy/MM/dd`, timestamps
 * `yyyy/MM/dd HH:mm:ss`, Vietnam time).
 */
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Organ ids (mã định danh): 13 characters in 2016 (`000.00.11.H53`), up to 35 since 2022. */
export const ORGAN_ID_MAX = 35;
const ORGAN_ID = /^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){2,7}$/;

export function isOrganId(value: string): boolean {
  return value.length <= ORGAN_ID_MAX && ORGAN_ID.test(value);
}

/** Bussiness/BussinessDocType: what the message does to the document it names. */
export const BUSINESS_TYPES = { NEW: '0', REVOCATION: '1', UPDATE: '2', REPLACEMENT: '3' } as const;
export type BusinessType = keyof typeof BUSINESS_TYPES;

/** Status codes a receiving system answers with. */
export const STATUS_CODES = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận, vào sổ',
  '04': 'Đã phân công',
  '05': 'Đang xử lý',
  '06': 'Đã hoàn thành',
  '13': 'Đề nghị thu hồi',
  '15': 'Đồng ý thu hồi/cập nhật',
  '16': 'Từ chối thu hồi/cập nhật',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;

export function isStatusCode(value: string): value is StatusCode {
  return Object.hasOwn(STATUS_CODES, value);
}

/** An organ as From/To carry it. */
export interface EdxmlOrgan {
  organId: string;
  organName: string;
  organAdd?: string | null;
  email?: string | null;
  telephone?: string | null;
}

export interface EdxmlAttachment {
  contentId: string;
  contentType: string;
  name: string;
  description?: string | null;
  bytes: Buffer;
}

/** A document message (văn bản điện tử liên thông). */
export interface EdxmlDocumentMessage {
  kind: 'document';
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  /** `OrganId,yyyy/MM/dd,number/notation`: the message's identity across systems. */
  documentId: string;
  codeNumber: string;
  codeNotation: string;
  place: string;
  /** ISO date (yyyy-MM-dd) of promulgation. */
  promulgationDate: string;
  /** The standard's type: 1 legal normative, 2 administrative (and others read as administrative). */
  documentType: string;
  typeName: string;
  subject: string;
  content?: string | null;
  signer: { competence?: string | null; position?: string | null; fullName?: string | null };
  /** ISO date the sender wants an answer by, when it does. */
  dueDate?: string | null;
  /** 0 normal, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 and 4 fastest (hỏa tốc). */
  priority: number;
  sphereOfPromulgation?: string | null;
  pageAmount?: number | null;
  appendixes: string[];
  /** The document this one answers, by its DocumentId. */
  responseFor?: { organId: string; code: string; promulgationDate: string; documentId: string } | null;
  /** 0 not a steering document, 1 steering (asks for handling and an answer), 2 report. */
  steeringType: string;
  toPlaces: string[];
  business: { type: BusinessType; reason?: string | null };
  /** Trace: organ and timestamp of each system the message passed. */
  trace: { organId: string; timestamp: string }[];
  attachments: EdxmlAttachment[];
}

/** A status message (thông điệp trạng thái) answering a document. */
export interface EdxmlStatusMessage {
  kind: 'status';
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  from: EdxmlOrgan;
  statusCode: StatusCode;
  description?: string | null;
  /** When the status took effect (a Date; written as Vietnam time). */
  timestamp: Date;
  staff?: { department?: string | null; staff?: string | null } | null;
}

export type EdxmlMessage = EdxmlDocumentMessage | EdxmlStatusMessage;

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** `yyyy/MM/dd` from an ISO date. */
export function edxmlDate(isoDate: string): string {
  return isoDate.replaceAll('-', '/');
}

/** An ISO date from `yyyy/MM/dd` (or `yyyy-MM-dd`, or `dd/MM/yyyy` as some systems write), null when it is none. */
export function isoFromEdxmlDate(text: string): string | null {
  const trimmed = text.trim();
  let match = /^(\d{4})[/-](\d{2})[/-](\d{2})(?:[ T].*)?$/.exec(trimmed);
  let iso = match ? `${match[1]}-${match[2]}-${match[3]}` : null;
  if (!iso) {
    match = /^(\d{2})\/(\d{2})\/(\d{4})(?: .*)?$/.exec(trimmed);
    iso = match ? `${match[3]}-${match[2]}-${match[1]}` : null;
  }
  if (!iso) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** `yyyy/MM/dd HH:mm:ss` in Vietnam time. */
export function edxmlTimestamp(at: Date): string {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 10).replaceAll('-', '/')} ${local.slice(11, 19)}`;
}

/** The instant of `yyyy/MM/dd HH:mm:ss` (Vietnam time; `dd/MM/yyyy HH:mm:ss` too), null when it is none. */
export function instantFromEdxmlTimestamp(text: string): Date | null {
  const trimmed = text.trim();
  let parts = /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(trimmed);
  let ymd = parts ? [parts[1], parts[2], parts[3]] : null;
  if (!parts) {
    parts = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})/.exec(trimmed);
    ymd = parts ? [parts[3], parts[2], parts[1]] : null;
  }
  if (!parts || !ymd) return null;
  const at = new Date(`${ymd[0]}-${ymd[1]}-${ymd[2]}T${parts[4]}:${parts[5]}:${parts[6]}+07:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** `OrganId,yyyy/MM/dd,number/notation`. */
export function documentIdOf(organId: string, isoDate: string, number: string, notation: string): string {
  return `${organId},${edxmlDate(isoDate)},${number}/${notation}`;
}
