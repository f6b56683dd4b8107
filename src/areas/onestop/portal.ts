import { GraphQLError } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { HeaderMap } from '@apollo/server';
import { parseOrigins } from '../../core/origins.ts';
import { createSharedRateLimit, type SharedRateLimit } from '../../core/shared-rate-limit.ts';
import { maskedName } from './applicant.ts';
import type { OneStopPublicCaseModel } from './models.ts';

/** Public look-ups a client address may make a minute, across every instance (PUBLIC_RATE_LIMIT_PER_MINUTE). */
export const DEFAULT_PUBLIC_RATE_LIMIT_PER_MINUTE = 60;

const limits = new WeakMap<MikroORM, Promise<SharedRateLimit>>();

function limitOf(orm: MikroORM): Promise<SharedRateLimit> {
  let limit = limits.get(orm);
  if (!limit) {
    const perMinute = Number(process.env.PUBLIC_RATE_LIMIT_PER_MINUTE ?? DEFAULT_PUBLIC_RATE_LIMIT_PER_MINUTE);
    limit = orm.em
      .getConnection()
      .getNativeClient()
      .then((pool) => createSharedRateLimit(pool, { tableName: 'public_rate_limit', keyPrefix: 'onestop', perMinute }));
    limits.set(orm, limit);
  }
  return limit;
}

/**
 * Counts a public operation against its client address; over the limit, the request answers 429
 * with Retry-After (Apollo applies an error's `extensions.http` to the response) while others go on.
 */
export async function countPublicRequest(orm: MikroORM, clientAddress: string): Promise<void> {
  const answer = await (await limitOf(orm)).consume(clientAddress);
  if (answer.allowed) return;
  throw new GraphQLError(`Quá nhiều yêu cầu tra cứu từ địa chỉ này: thử lại sau ${answer.retryAfterSeconds} giây.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: answer.retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(answer.retryAfterSeconds)]]) },
    },
  });
}

const RECEIPT_CODE = /^[A-Z0-9]{1,20}-\d{6}-\d{4,}-[A-Z0-9]{4}$/;

/**
 * A case by its receipt code, as the public sees it, in one statement: status, steps with dates,
 * appointment, procedure, organisation and the applicant's name masked. A code of the wrong form
 * and a code of no case both answer null, the same way.
 */
export async function lookUpCase(em: EntityManager, code: string): Promise<OneStopPublicCaseModel | null> {
  const receiptCode = code.trim().toUpperCase();
  if (!RECEIPT_CODE.test(receiptCode)) return null;
  const rows = await em.execute<Record<string, unknown>[]>(
    `select c.receipt_code, c.status, p.name as procedure_name, o.name as organisation_name, c.applicant_name, c.received_at, c.appointment_at, c.finished_at,
       coalesce((select json_agg(json_build_object('stage', s.stage, 'startedAt', s.started_at, 'deadline', s.deadline, 'doneAt', s.done_at, 'action', s.action) order by s.ordinal)
                 from one_stop_step s where s.case_id = c.id), '[]'::json) as steps
     from one_stop_case c join one_stop_procedure p on p.id = c.procedure_id join organisation o on o.id = c.organisation_id
     where c.receipt_code = ?`,
    [receiptCode],
  );
  const row = rows[0];
  if (!row) return null;
  const date = (value: unknown) => (value == null ? null : new Date(value as string));
  const steps = (row.steps as { stage: string; startedAt: string; deadline: string; doneAt: string | null; action: string | null }[]).map((step) => ({
    stage: step.stage,
    action: step.action,
    startedAt: new Date(step.startedAt),
    deadline: new Date(step.deadline),
    doneAt: date(step.doneAt),
  }));
  return {
    receiptCode: row.receipt_code as string,
    status: row.status as string,
    procedureName: row.procedure_name as string,
    organisationName: row.organisation_name as string,
    applicantName: maskedName(row.applicant_name as string),
    receivedAt: date(row.received_at)!,
    appointmentAt: date(row.appointment_at)!,
    finishedAt: date(row.finished_at),
    steps,
  };
}

/** The origins whose pages may embed the look-up page (PORTAL_ORIGINS, checked at start by the same rule). */
export function portalOrigins(): string[] {
  return parseOrigins(process.env.PORTAL_ORIGINS, 'PORTAL_ORIGINS');
}
