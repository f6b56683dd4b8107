import type { EntityManager } from '@mikro-orm/postgresql';
import nodemailer from 'nodemailer';
import type { ServerParts } from '../../core/module.ts';
import { printed } from '../../core/pdf.ts';
import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';
import { lookupAddress } from './slips-pdf.ts';
import type { MessageEvent, OneStopCaseEntity } from './onestop.ts';

/** Attempts before a message is given up (FAILED); each run of the job tries the pending ones once. */
export const MAX_ATTEMPTS = 5;

function textOf(event: MessageEvent, record: OneStopCaseEntity): string {
  const at = `${vietnamClock(record.appointmentAt)} ngày ${printed(vietnamDate(record.appointmentAt))}`;
  const texts: Record<MessageEvent, string> = {
    RECEIVED: `Hồ sơ ${record.receiptCode} đã được tiếp nhận. Hẹn trả kết quả: ${at}.`,
    SUPPLEMENT: `Hồ sơ ${record.receiptCode} cần bổ sung giấy tờ. Vui lòng xem phiếu yêu cầu bổ sung và mang đến bộ phận một cửa.`,
    LATE: `Hồ sơ ${record.receiptCode} chậm so với hẹn. Cơ quan xin lỗi và hẹn trả kết quả lại vào ${at}.`,
    RESULT_READY: `Hồ sơ ${record.receiptCode} đã có kết quả. Mời ông/bà đến bộ phận một cửa nhận kết quả.`,
  };
  return `${texts[event]} Tra cứu: ${lookupAddress(record.receiptCode)}`;
}

/**
 * Queues the applicant's messages for an event of their case, by e-mail when they gave one and by
 * SMS, in the step's own transaction: a step rolled back queues nothing, and the unique key on
 * (case, event, channel) means an event already told is not told again.
 */
export async function tellApplicant(em: EntityManager, record: OneStopCaseEntity, event: MessageEvent): Promise<void> {
  const text = textOf(event, record);
  const channels: [string, string][] = [['SMS', record.applicantPhone], ...(record.applicantEmail ? ([['EMAIL', record.applicantEmail]] as [string, string][]) : [])];
  for (const [channel, recipient] of channels) {
    await em.execute(
      `insert into one_stop_message (id, organisation_id, case_id, event, channel, recipient, text, status, attempts, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, 'PENDING', 0, now()) on conflict (case_id, event, channel) do nothing`,
      [record.organisation.id, record.id, event, channel, recipient, text],
    );
  }
}

async function deliver(channel: string, recipient: string, text: string): Promise<void> {
  if (channel === 'EMAIL') {
    const relay = process.env.ONESTOP_SMTP_URL ?? process.env.SMTP_RELAY_URL;
    if (!relay) throw new Error('no ONESTOP_SMTP_URL or SMTP_RELAY_URL');
    const transport = nodemailer.createTransport(relay);
    try {
      await transport.sendMail({ from: process.env.ONESTOP_MAIL_FROM ?? 'mot-cua@localhost', to: recipient, subject: 'Thông báo về hồ sơ thủ tục hành chính', text });
    } finally {
      transport.close();
    }
    return;
  }
  const gateway = process.env.ONESTOP_SMS_URL;
  if (!gateway) throw new Error('no ONESTOP_SMS_URL');
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(process.env.ONESTOP_SMS_TOKEN ? { authorization: `Bearer ${process.env.ONESTOP_SMS_TOKEN}` } : {}) },
    body: JSON.stringify({ to: recipient, text }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
}

/**
 * The `onestop-notify` job: each pending message under a row lock (skip locked: two workers never
 * take the same one), sent and marked in the same transaction, its outcome recorded; a failure
 * counts an attempt and is retried by the next run, up to MAX_ATTEMPTS.
 */
export async function sendApplicantMessages(parts: Pick<ServerParts, 'orm' | 'log'>, batch = 50): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  // A message that failed in this run waits for the next one (a channel that is down stays down for a moment).
  const tried: string[] = [];
  for (let index = 0; index < batch; index += 1) {
    const outcome = await parts.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ id: string; channel: string; recipient: string; text: string; attempts: number }[]>(
        `select id, channel, recipient, text, attempts from one_stop_message where status = 'PENDING' and not (id = any(?::uuid[])) order by created_at, id limit 1 for update skip locked`,
        [`{${tried.join(',')}}`],
      );
      const row = rows[0];
      if (!row) return null;
      tried.push(row.id);
      try {
        await deliver(row.channel, row.recipient, row.text);
        await em.execute(`update one_stop_message set status = 'SENT', attempts = attempts + 1, sent_at = now(), last_error = null where id = ?`, [row.id]);
        return 'sent';
      } catch (error) {
        const attempts = row.attempts + 1;
        await em.execute(`update one_stop_message set status = ?, attempts = ?, last_error = ? where id = ?`, [attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING', attempts, String((error as Error).message).slice(0, 500), row.id]);
        parts.log.warn({ err: error, messageId: row.id }, 'applicant message not sent');
        return 'failed';
      }
    });
    if (outcome === null) break;
    if (outcome === 'sent') sent += 1;
    else failed += 1;
  }
  return { sent, failed };
}
