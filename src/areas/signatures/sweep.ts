import type { MikroORM } from '@mikro-orm/postgresql';
import { SignaturePreparation } from './signature-preparation.ts';

/**
 * Prepared signatures whose token never answered (issue 16 point 4b): past their expiry they can
 * no longer be completed (completeApproverSignature refuses them), so the job deletes them, and
 * with them the prepared PDFs they hold. Across organisations: the job acts for none in particular.
 */
export async function sweepPreparations(orm: MikroORM, now = new Date()): Promise<{ preparations: number }> {
  const deleted = await orm.em.fork().nativeDelete(SignaturePreparation, { expiresAt: { $lte: now } }, { filters: false });
  return { preparations: deleted };
}
