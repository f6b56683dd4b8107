import type { EntityManager } from '@mikro-orm/postgresql';
import type { Refusal } from '../../core/ability.ts';

/**
 * Rules other areas lay on work files without this area knowing them: a work file handed to the
 * archive is the archive's and changes no more (seed 004 Art. 16). Every change of a file or of
 * its contents asks them first, in the change's transaction; the first refusal is the answer.
 */
export type WorkFileLock = (em: EntityManager, workFileId: string) => Promise<Refusal | null>;

const locks: WorkFileLock[] = [];

/** Registers a rule (from the other area's module); registering one twice keeps one. */
export function lockWorkFilesWhen(lock: WorkFileLock): void {
  if (!locks.includes(lock)) locks.push(lock);
}

/** Why the file may not change now, or null. */
export async function workFileLockOn(em: EntityManager, workFileId: string): Promise<Refusal | null> {
  for (const lock of locks) {
    const refusal = await lock(em, workFileId);
    if (refusal) return refusal;
  }
  return null;
}
