import { Rejection } from './user-error.ts';

/**
 * Opaque global ids (DESIGN: conventions): base64url of `Type:uuid`. Clients must not build them;
 * the server never trusts one without looking the record up through its policy.
 */
export const NODE_TYPES = ['Organisation', 'Unit', 'Account', 'Delegation', 'AuditEntry', 'Register', 'Document', 'StoredFile', 'Notice', 'Task', 'Assignment', 'WorkFile', 'Folder', 'FolderItem', 'FolderGrant', 'FolderChangeRequest'] as const;
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

/** The uuid inside a global id of the expected type; a userError on the field otherwise. */
export function idOf(globalId: string, type: NodeType, field: string[]): string {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.type !== type) {
    throw new Rejection([{ field, code: type === 'Unit' ? 'INVALID_UNIT' : 'NOT_FOUND', message: 'Mã định danh không hợp lệ hoặc không tồn tại.' }]);
  }
  return decoded.id;
}
