import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { systemActor } from '../../core/actor.ts';
import { auditActs } from '../../core/audit/trail.ts';
import { UNIT_HEADING_TITLES } from '../../core/titles.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { Account } from '../accounts/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import { Consultation } from './drafting.ts';

/**
 * The consultations' sweep (a job, every minute): whoever has not answered when the reminder time
 * comes is reminded, once; whoever has still not answered at the deadline is recorded as not
 * answering (NO_ANSWER), and the drafter told. The claims are the state machine's REMIND and
 * RECORD_NO_ANSWER conditions (consultation-states.ts) as conditional UPDATEs skipping locked rows,
 * so two instances sweeping at once remind and record each participant once. A participant past
 * the deadline but never reminded (the sweep was down) is reminded first and recorded on the next
 * step of the same run, so the reminder always comes before the record.
 */
interface Claimed {
  id: string;
  organisation_id: string;
  consultation_id: string;
  account_id: string | null;
  unit_id: string | null;
}

const CLAIM = (set: string, condition: string) => `
  update "consultation_participant" set ${set} where "id" in (
    select p."id" from "consultation_participant" p join "consultation" c on c."id" = p."consultation_id"
    where c."status" = 'OPEN' and p."status" = 'PENDING' and ${condition}
    limit 500 for update of p skip locked
  ) returning "id", "organisation_id", "consultation_id", "account_id", "unit_id"`;

/** Who is reminded for a participant: the person, or the heads of the unit (every active member of a unit without one). */
async function peopleOf(em: EntityManager, row: Claimed): Promise<string[]> {
  if (row.account_id) return [row.account_id];
  const members = await em.find(Account, { unit: row.unit_id!, status: 'ACTIVE' }, { fields: ['id', 'title'], filters: false });
  const heads = members.filter((member) => UNIT_HEADING_TITLES.includes(member.title));
  return (heads.length > 0 ? heads : members).map((member) => member.id);
}

async function remind(em: EntityManager, now: Date): Promise<number> {
  const claimed = await em.execute<Claimed[]>(CLAIM(`"reminded_at" = ?`, `p."reminded_at" is null and c."remind_at" <= ?`), [now, now]);
  for (const row of claimed) {
    const consultation = await em.findOneOrFail(Consultation, { id: row.consultation_id }, { filters: false });
    await sendSystemNotice(em, row.organisation_id, {
      kind: 'REMINDER',
      text: `Nhắc góp ý dự thảo "${consultation.subject}" (tệp ${consultation.attachmentNo}, phiên bản ${consultation.fileVersion}): hạn góp ý ${vietnamDate(consultation.deadline)}.`,
      recipients: await peopleOf(em, row),
    });
  }
  await tell(em, claimed, 'consultation.reminded');
  return claimed.length;
}

async function recordSilence(em: EntityManager, now: Date): Promise<number> {
  const claimed = await em.execute<Claimed[]>(CLAIM(`"status" = 'NO_ANSWER', "no_answer_at" = ?`, `p."reminded_at" is not null and c."deadline" <= ?`), [now, now]);
  const byConsultation = new Map<string, Claimed[]>();
  for (const row of claimed) byConsultation.set(row.consultation_id, [...(byConsultation.get(row.consultation_id) ?? []), row]);
  for (const [consultationId, rows] of byConsultation) {
    const consultation = await em.findOneOrFail(Consultation, { id: consultationId }, { filters: false });
    await sendSystemNotice(em, consultation.organisation.id, {
      kind: 'OVERDUE',
      text: `Hết hạn góp ý dự thảo "${consultation.subject}": ${rows.length} đơn vị, cá nhân không có ý kiến.`,
      recipients: [consultation.drafter.id],
    });
  }
  await tell(em, claimed, 'consultation.no_answer');
  return claimed.length;
}

async function tell(em: EntityManager, rows: Claimed[], action: string): Promise<void> {
  const byOrganisation = new Map<string, Claimed[]>();
  for (const row of rows) byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row]);
  for (const [organisationId, claimed] of byOrganisation) {
    await auditActs(
      em,
      systemActor(organisationId),
      claimed.map((row) => ({ action, target: { type: 'Consultation' as const, id: row.consultation_id }, details: { accountId: row.account_id, unitId: row.unit_id } })),
    );
  }
}

export async function sweepConsultations(orm: MikroORM, now = new Date()): Promise<{ reminded: number; noAnswer: number }> {
  const reminded = await orm.em.fork({ clear: true }).transactional((em) => remind(em, now));
  const noAnswer = await orm.em.fork({ clear: true }).transactional((em) => recordSilence(em, now));
  return { reminded, noAnswer };
}
