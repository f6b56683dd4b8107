import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  BUSINESS_TYPES,
  instantFromEdxmlTimestamp,
  isOrganId,
  isoFromEdxmlDate,
  isStatusCode,
  type BusinessType,
  type EdxmlAttachment,
  type EdxmlDocumentMessage,
  type EdxmlMessage,
  type EdxmlOrgan,
  type EdxmlStatusMessage,
} from './edxml-format.ts';

/**
 * Reads an edXML message, ours or another vendor's, with fast-xml-parser, and refuses what it
 * must not take: more than the size limit; any document type declaration (edXML has no DTD, so a
 * DOCTYPE can only be there to declare entities: an XML bomb or an external entity, which is then
 * neither expanded nor fetched — refused before any parsing); XML that is not well-formed; a
 * root, header or field the standard requires that is missing or malformed. Elements are matched
 * by their local name (systems in the field bind the edXML prefix to different namespaces), and
 * what the standard leaves optional may be absent.
 */
export const REFUSALS = ['TOO_LARGE', 'DTD_FORBIDDEN', 'NOT_WELL_FORMED', 'NOT_EDXML', 'MISSING_FIELD', 'INVALID_FIELD', 'UNKNOWN_DOCUMENT_TYPE', 'ATTACHMENT_REFUSED'] as const;
export type RefusalCode = (typeof REFUSALS)[number];

/** Why a message was refused, in Vietnamese for the clerk and the sender's status 02. */
export class EdxmlRefusal extends Error {
  readonly code: RefusalCode;
  constructor(code: RefusalCode, message: string) {
    super(message);
    this.code = code;
  }
}

const refuse = (code: RefusalCode, message: string): never => {
  throw new EdxmlRefusal(code, message);
};

/** Elements that may repeat, by local name: always read as lists. */
const REPEATED = new Set(['To', 'Place', 'Appendix', 'TraceHeader', 'Reference']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // The five predefined entities and character references only (no DOCTYPE reaches the parser, so
  // none of its own): their count is the text's, not a bomb's.
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: Number.MAX_SAFE_INTEGER, maxExpandedLength: Number.MAX_SAFE_INTEGER },
  htmlEntities: false,
  maxNestedTags: 32,
  // Attachments are base64 (no markup, no entity): taken as they stand, not walked for entities,
  // which for megabytes of text was most of the time of a read.
  stopNodes: ['*.Attachment'],
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string): Node | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Node)[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function list(node: unknown, name: string): unknown[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as Node)[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function text(node: unknown, name: string): string {
  if (!node || typeof node !== 'object') return '';
  const found = (node as Node)[name];
  // A name repeated elsewhere (Place in ToPlaces) is read as a list everywhere: its first here.
  const value = Array.isArray(found) ? found[0] : found;
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && '#text' in (value as Node)) return String((value as Node)['#text']).trim();
  return typeof value === 'object' ? '' : String(value).trim();
}

function required(node: unknown, name: string, path: string, max: number): string {
  const value = text(node, name);
  if (!value) refuse('MISSING_FIELD', `Thiếu trường bắt buộc ${path}.`);
  if (value.length > max) refuse('INVALID_FIELD', `Trường ${path} dài quá ${max} ký tự.`);
  return value.normalize('NFC');
}

function optional(node: unknown, name: string, path: string, max: number): string | null {
  const value = text(node, name);
  if (value.length > max) refuse('INVALID_FIELD', `Trường ${path} dài quá ${max} ký tự.`);
  return value ? value.normalize('NFC') : null;
}

function organOf(node: Node | undefined, path: string): EdxmlOrgan {
  if (!node) return refuse('MISSING_FIELD', `Thiếu trường bắt buộc ${path}.`);
  const organId = required(node, 'OrganId', `${path}/OrganId`, 35);
  if (!isOrganId(organId)) refuse('INVALID_FIELD', `Mã định danh ${path}/OrganId "${organId}" không đúng dạng (ví dụ 000.00.11.H53).`);
  return {
    organId,
    organName: required(node, 'OrganName', `${path}/OrganName`, 200),
    organAdd: optional(node, 'OrganAdd', `${path}/OrganAdd`, 500),
    email: optional(node, 'Email', `${path}/Email`, 200),
    telephone: optional(node, 'Telephone', `${path}/Telephone`, 50),
  };
}

function dateOf(value: string, path: string): string {
  return isoFromEdxmlDate(value) ?? refuse('INVALID_FIELD', `Ngày ${path} "${value}" không hợp lệ (yyyy/MM/dd).`);
}

function responseForOf(node: Node, path: string) {
  const organId = required(node, 'OrganId', `${path}/OrganId`, 35);
  if (!isOrganId(organId)) refuse('INVALID_FIELD', `Mã định danh ${path}/OrganId "${organId}" không đúng dạng.`);
  const documentId = required(node, 'DocumentId', `${path}/DocumentId`, 200);
  const promulgation = text(node, 'PromulgationDate');
  return {
    organId,
    code: optional(node, 'Code', `${path}/Code`, 100) ?? documentId.split(',').slice(2).join(','),
    promulgationDate: promulgation ? dateOf(promulgation, `${path}/PromulgationDate`) : dateOf(documentId.split(',')[1] ?? '', `${path}/DocumentId`),
    documentId,
  };
}

const BUSINESS_BY_CODE = new Map<string, BusinessType>(Object.entries(BUSINESS_TYPES).map(([name, code]) => [code, name as BusinessType]));
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function documentOf(header: Node, body: Node | undefined, limits: ReadLimits): EdxmlDocumentMessage {
  const head = child(header, 'MessageHeader')!;
  const from = organOf(child(head, 'From'), 'MessageHeader/From');
  const to = list(head, 'To').map((entry, index) => organOf(entry as Node, `MessageHeader/To[${index + 1}]`));
  if (to.length === 0) refuse('MISSING_FIELD', 'Thiếu trường bắt buộc MessageHeader/To.');
  const documentId = required(head, 'DocumentId', 'MessageHeader/DocumentId', 200);
  const code = child(head, 'Code') ?? refuse('MISSING_FIELD', 'Thiếu trường bắt buộc MessageHeader/Code.');
  const codeNumber = required(code, 'CodeNumber', 'Code/CodeNumber', 11);
  if (!/^\d{1,11}$/.test(codeNumber)) refuse('INVALID_FIELD', `Số văn bản Code/CodeNumber "${codeNumber}" không hợp lệ.`);
  const promulgation = child(head, 'PromulgationInfo') ?? refuse('MISSING_FIELD', 'Thiếu trường bắt buộc MessageHeader/PromulgationInfo.');
  const type = child(head, 'DocumentType') ?? refuse('MISSING_FIELD', 'Thiếu trường bắt buộc MessageHeader/DocumentType.');
  const signer = child(head, 'SignerInfo');
  const other = child(head, 'OtherInfo');
  const dueDate = text(head, 'DueDate');
  const priority = Number(text(other, 'Priority') || '0');
  if (!Number.isInteger(priority) || priority < 0 || priority > 4) refuse('INVALID_FIELD', 'Độ khẩn OtherInfo/Priority phải từ 0 đến 4.');
  const pageText = text(other, 'PageAmount');
  const pageAmount = pageText ? Number(pageText) : null;
  if (pageAmount !== null && (!Number.isInteger(pageAmount) || pageAmount < 0 || pageAmount > 100_000)) refuse('INVALID_FIELD', 'Số trang OtherInfo/PageAmount không hợp lệ.');
  const responseFor = child(head, 'ResponseFor');
  const traces = child(header, 'TraceHeaderList');
  const business = child(traces, 'Bussiness') ?? child(traces, 'Business');
  const businessCode = text(business, 'BussinessDocType') || text(business, 'BusinessDocType') || '0';
  const businessType = BUSINESS_BY_CODE.get(businessCode) ?? refuse('INVALID_FIELD', `Nghiệp vụ Bussiness/BussinessDocType "${businessCode}" không hợp lệ (0-3).`);

  const manifest = child(body, 'Manifest') ?? child(body, 'edXMLManifest');
  const references = list(manifest, 'Reference');
  if (references.length > limits.maxAttachments) refuse('ATTACHMENT_REFUSED', `Quá ${limits.maxAttachments} tệp đính kèm.`);
  const attachments: EdxmlAttachment[] = references.map((entry, index) => {
    const path = `Manifest/Reference[${index + 1}]`;
    const encoded = text(entry, 'Attachment');
    if (!encoded) refuse('ATTACHMENT_REFUSED', `Tệp đính kèm ${path} không có nội dung (Attachment).`);
    if (!BASE64.test(encoded)) refuse('ATTACHMENT_REFUSED', `Tệp đính kèm ${path} không phải base64.`);
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length === 0) refuse('ATTACHMENT_REFUSED', `Tệp đính kèm ${path} rỗng.`);
    if (bytes.length > limits.maxAttachmentBytes) refuse('ATTACHMENT_REFUSED', `Tệp đính kèm ${path} lớn quá ${limits.maxAttachmentBytes} byte.`);
    return {
      contentId: optional(entry, 'ContentId', `${path}/ContentId`, 200) ?? `cid:${index + 1}`,
      contentType: optional(entry, 'ContentType', `${path}/ContentType`, 100) ?? 'application/octet-stream',
      name: required(entry, 'AttachmentName', `${path}/AttachmentName`, 255),
      description: optional(entry, 'Description', `${path}/Description`, 500),
      bytes,
    };
  });

  return {
    kind: 'document',
    from,
    to,
    documentId,
    codeNumber,
    codeNotation: required(code, 'CodeNotation', 'Code/CodeNotation', 30),
    place: optional(promulgation, 'Place', 'PromulgationInfo/Place', 200) ?? '',
    promulgationDate: dateOf(required(promulgation, 'PromulgationDate', 'PromulgationInfo/PromulgationDate', 20), 'PromulgationInfo/PromulgationDate'),
    documentType: required(type, 'Type', 'DocumentType/Type', 10),
    typeName: required(type, 'TypeName', 'DocumentType/TypeName', 100),
    subject: required(head, 'Subject', 'MessageHeader/Subject', 500),
    content: optional(head, 'Content', 'MessageHeader/Content', 100_000),
    signer: {
      competence: optional(signer, 'Competence', 'SignerInfo/Competence', 100),
      position: optional(signer, 'Position', 'SignerInfo/Position', 100),
      fullName: optional(signer, 'FullName', 'SignerInfo/FullName', 50),
    },
    dueDate: dueDate ? dateOf(dueDate, 'MessageHeader/DueDate') : null,
    priority,
    sphereOfPromulgation: optional(other, 'SphereOfPromulgation', 'OtherInfo/SphereOfPromulgation', 100),
    pageAmount,
    appendixes: list(child(other, 'Appendixes'), 'Appendix').map((entry) => String(typeof entry === 'object' ? '' : entry).trim()).filter(Boolean),
    responseFor: responseFor && text(responseFor, 'DocumentId') ? responseForOf(responseFor, 'MessageHeader/ResponseFor') : null,
    steeringType: text(head, 'SteeringType') || '0',
    toPlaces: list(child(head, 'ToPlaces'), 'Place').map((entry) => String(typeof entry === 'object' ? '' : entry).trim()).filter(Boolean),
    business: { type: businessType, reason: optional(business, 'BussinessDocReason', 'Bussiness/BussinessDocReason', 500) },
    trace: list(traces, 'TraceHeader').map((entry) => ({ organId: text(entry, 'OrganId'), timestamp: text(entry, 'Timestamp') })),
    attachments,
  };
}

function statusOf(status: Node): EdxmlStatusMessage {
  const responseFor = child(status, 'ResponseFor') ?? refuse('MISSING_FIELD', 'Thiếu trường bắt buộc Status/ResponseFor.');
  const code = required(status, 'StatusCode', 'Status/StatusCode', 2).padStart(2, '0');
  if (!isStatusCode(code)) refuse('INVALID_FIELD', `Mã trạng thái Status/StatusCode "${code}" không có trong quy chuẩn.`);
  const timestamp = required(status, 'Timestamp', 'Status/Timestamp', 30);
  const staff = child(status, 'StaffInfo');
  return {
    kind: 'status',
    responseFor: responseForOf(responseFor, 'Status/ResponseFor'),
    from: organOf(child(status, 'From'), 'Status/From'),
    statusCode: code as EdxmlStatusMessage['statusCode'],
    description: optional(status, 'Description', 'Status/Description', 1000),
    timestamp: instantFromEdxmlTimestamp(timestamp) ?? refuse('INVALID_FIELD', `Thời điểm Status/Timestamp "${timestamp}" không hợp lệ.`),
    staff: staff ? { department: optional(staff, 'Department', 'StaffInfo/Department', 250), staff: optional(staff, 'Staff', 'StaffInfo/Staff', 100) } : null,
  };
}

export interface ReadLimits {
  maxBytes: number;
  maxAttachments: number;
  maxAttachmentBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxBytes: 70 * 1024 * 1024, maxAttachments: 50, maxAttachmentBytes: 50 * 1024 * 1024 };

/** The message, or an EdxmlRefusal saying why not. Nothing is expanded, fetched or stored here. */
export function readEdxml(input: string | Buffer, limits: ReadLimits = DEFAULT_LIMITS): EdxmlMessage {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > limits.maxBytes) refuse('TOO_LARGE', `Thông điệp ${size} byte vượt giới hạn ${limits.maxBytes} byte.`);
  const xml = typeof input === 'string' ? input : input.toString('utf8');
  // Anywhere, case-insensitively: also inside what a lenient parser might read as text.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    refuse('DTD_FORBIDDEN', 'Thông điệp có khai báo DOCTYPE/ENTITY: edXML không dùng DTD; thực thể không được mở rộng hay tải về.');
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) refuse('NOT_WELL_FORMED', `XML không đúng cú pháp (dòng ${valid.err.line}): ${valid.err.msg}`);
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch (error) {
    return refuse('NOT_WELL_FORMED', `XML không đọc được: ${(error as Error).message}`);
  }
  const envelope = child(tree, 'Envelope');
  const header = child(envelope, 'Header');
  if (!envelope || !header) return refuse('NOT_EDXML', 'Không phải thông điệp edXML: thiếu Envelope/Header.');
  const status = child(header, 'Status');
  if (status) return statusOf(status);
  if (child(header, 'MessageHeader')) return documentOf(header, child(envelope, 'Body'), limits);
  return refuse('NOT_EDXML', 'Không phải thông điệp edXML: Header không có MessageHeader hay Status.');
}
