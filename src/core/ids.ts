import { Rejection } from './user-error.ts';

/**
 * Opaque global ids (DESIGN: conventions): base64url of `Type:uuid`. Clients must not build them;
 * the server never trusts one without looking the record up through its policy.
 */
export const NODE_TYPES = ['Organisation', 'Unit', 'Account', 'Delegation', 'RightsGrant', 'AuditEntry', 'Register', 'Document', 'StoredFile', 'Notice', 'Task', 'Assignment', 'WorkFile', 'Folder', 'FolderItem', 'FolderGrant', 'FolderChangeRequest', 'SigningCertificate', 'Mailbox', 'MailMessage', 'MailAttachment', 'ExternalOrgan', 'InterconnectionMessage', 'Schedule', 'ScheduleEvent', 'MeetingRoom', 'ApiKey', 'OneStopProcedure', 'OneStopCase', 'OneStopSlip', 'WebhookEndpoint', 'HandOverList', 'ArchiveRecord', 'DestructionList', 'DocumentCopy', 'Consultation', 'DraftReferral'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isNodeType(type: string | null | undefined): type is NodeType {
  return NODE_TYPES.includes(type as NodeType);
}

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

export function fromGlobalId(globalId: string): { type: NodeType; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const type = decoded.slice(0, separator) as NodeType;
  const id = decoded.slice(separator + 1);
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID.test(id)) return null;
  return { type, id };
}

/** The uuid inside a global id of the expected type, or null (malformed, or of another type). */
export function decodeId(globalId: string, type: NodeType): string | null {
  const decoded = fromGlobalId(globalId);
  return decoded?.type === type ? decoded.id : null;
}

/**
 * The uuid inside a global id of the expected type; a Rejection on the field otherwise — a
 * userError in a mutation, NOT_FOUND in a query or subscription (query-errors.ts), so a malformed
 * id reads exactly as the id of a record that does not exist.
 */
export function idOf(globalId: string, type: NodeType, field: string[]): string {
  const id = decodeId(globalId, type);
  if (id === null) {
    throw new Rejection([{ field, code: type === 'Unit' ? 'INVALID_UNIT' : 'NOT_FOUND', message: 'Mã định danh không hợp lệ hoặc không tồn tại.' }]);
  }
  return id;
}

/** `idOf` for an optional id: null when none is given; an empty or malformed one is refused. */
export function optionalIdOf(globalId: string | null | undefined, type: NodeType, field: string[]): string | null {
  return globalId == null ? null : idOf(globalId, type, field);
}
