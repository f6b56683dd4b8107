import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileAccessRule } from './module.ts';
import type { Viewer } from './viewer.ts';

/**
 * Who may download an uploaded file (GET /files/<id>, `node` of a StoredFile): the areas whose
 * records hold it decide (their modules' `fileAccess`, set by the server from src/modules.ts); a
 * file no record holds yet, only its uploader. Another organisation's, nobody.
 */
const rules: FileAccessRule[] = [];

export function useFileAccessRules(list: readonly FileAccessRule[]): void {
  rules.splice(0, rules.length, ...list);
}

export async function canDownload(
  em: EntityManager,
  viewer: Viewer,
  file: { id: string; organisation: { id: string }; uploadedBy: { id: string } },
): Promise<boolean> {
  if (file.organisation.id !== viewer.organisationId) return false;
  const answers = await Promise.all(rules.map((rule) => rule(em, viewer, file)));
  if (answers.includes(true)) return true;
  return answers.every((answer) => answer === null) && file.uploadedBy.id === viewer.accountId;
}
