import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The next number of a register in a year: 1 on the first registration after 1 January
 * (Asia/Ho_Chi_Minh), then one more each time. Taken inside the registering transaction with the
 * counter row locked, so concurrent registrations queue, no number is given twice, and a
 * registration that fails rolls its number back: the series has no gaps.
 */
export async function nextRegisterNumber(em: EntityManager, registerId: string, year: number): Promise<number> {
  const [row] = await em.execute<{ last_number: number }[]>(
    `insert into "register_counter" ("register_id", "year", "last_number") values (?, ?, 1)
     on conflict ("register_id", "year") do update set "last_number" = "register_counter"."last_number" + 1
     returning "last_number"`,
    [registerId, year],
  );
  if (!row) throw new Error('register counter did not answer');
  return row.last_number;
}

/**
 * The next number of a copy series (copy.ts) in a year, under the same rule as a register's: the
 * counter row locked in the copying transaction, so the series has no gaps and no repeats.
 */
export async function nextCopyNumber(em: EntityManager, organisationId: string, series: string, year: number): Promise<number> {
  const [row] = await em.execute<{ last_number: number }[]>(
    `insert into "document_copy_counter" ("organisation_id", "series", "year", "last_number") values (?, ?, ?, 1)
     on conflict ("organisation_id", "series", "year") do update set "last_number" = "document_copy_counter"."last_number" + 1
     returning "last_number"`,
    [organisationId, series, year],
  );
  if (!row) throw new Error('copy counter did not answer');
  return row.last_number;
}
