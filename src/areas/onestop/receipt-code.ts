import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The next receipt sequence of an organisation on a day: one upsert on the day's counter row, in
 * the intake's transaction. The row lock makes concurrent intakes take turns, and a rolled-back
 * intake returns its number with the rest of its work, so a day's sequences are 1..n, no gaps.
 */
export async function nextSequence(em: EntityManager, organisationId: string, day: string): Promise<number> {
  const rows = await em.execute<{ last: number }[]>(
    `insert into one_stop_receipt_counter (id, organisation_id, day, last) values (gen_random_uuid(), ?, ?, 1)
     on conflict (organisation_id, day) do update set last = one_stop_receipt_counter.last + 1 returning last`,
    [organisationId, day],
  );
  return rows[0]!.last;
}

/**
 * The receipt code: organ code, date (YYMMDD), sequence, and four random letters so that the
 * codes of a day cannot be guessed from one another (the public look-up answers by code alone).
 */
export function receiptCode(organCode: string, day: string, sequence: number): string {
  const organ = organCode.toUpperCase().replace(/[^A-Z0-9]+/g, '') || 'CQ';
  const check = Array.from({ length: 4 }, () => CHECK_LETTERS[randomInt(CHECK_LETTERS.length)]).join('');
  return `${organ}-${day.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}-${check}`;
}
