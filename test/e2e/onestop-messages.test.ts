import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendApplicantMessages } from '../../src/areas/onestop/applicant-messages.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { startRelay } from '../support/mail.ts';

/**
 * Telling the applicant (issue 17 §6): a case received or asked for papers queues an e-mail
 * (nodemailer, to a real SMTP server) and an SMS (to an HTTP gateway) in its own transaction; the
 * job sends each once, records the outcome, retries a failing channel, and never sends twice.
 */
let app: TestApp;
let relay: Awaited<ReturnType<typeof startRelay>>;
let gateway: Server;
const sms: { to: string; text: string }[] = [];
let gatewayStatus = 200;
const tokens: Record<string, string> = {};
let procedureId = '';
const log = pino({ level: 'silent' });

beforeAll(async () => {
  relay = await startRelay();
  gateway = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (gatewayStatus === 200) sms.push(JSON.parse(body));
      response.writeHead(gatewayStatus).end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
  const address = gateway.address() as { port: number };
  process.env.ONESTOP_SMTP_URL = relay.url;
  process.env.ONESTOP_SMS_URL = `http://127.0.0.1:${address.port}/sms`;
  app = await startTestApp();
  for (const role of ['itOfficer', 'oneStopDesk', 'specialist'] as const) tokens[role] = await app.login(DEMO[role]);
  const units = (await app.gql('{ organisation { units { id code } } }', {}, tokens.itOfficer)).data!.organisation.units;
  const saved = await ok(app, tokens.itOfficer!, 'saveOneStopProcedure', 'OneStopProcedureInput', {
    code: '1.500', name: 'Thủ tục thử thông báo', field: 'Thương mại', handlingUnitId: units.find((unit: any) => unit.code === 'QLTM').id,
    totalDays: 5, intakeDays: 0, unitDays: 2, unitHeadDays: 1, leaderDays: 1, returnDays: 1, fee: 0, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }],
  }, 'procedure { id }');
  procedureId = saved.procedure.id;
});
afterAll(async () => {
  delete process.env.ONESTOP_SMTP_URL;
  delete process.env.ONESTOP_SMS_URL;
  await app?.close();
  await relay?.stop();
  await new Promise((resolve) => gateway?.close(resolve));
});

const messages = async () =>
  (await app.db.orm.em.fork().execute('select event, channel, recipient, status, attempts, last_error from one_stop_message order by event, channel')) as any[];

describe('telling the applicant', () => {
  it('queues with the step, sends each message once by mail and SMS, records the outcome, retries a failing gateway', async () => {
    const applicant = { kind: 'PERSON', name: 'Lê Thị Cúc', idNumber: '001190000789', phone: '0901234567', email: 'cuc@example.vn', address: 'Hà Nội' };
    const received = await ok(app, tokens.oneStopDesk!, 'receiveOneStopCase', 'ReceiveOneStopCaseInput', { procedureId, applicant, papers: [{ name: 'Đơn đề nghị' }] }, 'case { id receiptCode }');
    // A refused intake queues nothing.
    await app.gql('mutation ($input: ReceiveOneStopCaseInput!) { receiveOneStopCase(input: $input) { userErrors { code } } }', { input: { procedureId, applicant, papers: [] } }, tokens.oneStopDesk);
    expect(await messages()).toEqual([
      { event: 'RECEIVED', channel: 'EMAIL', recipient: 'cuc@example.vn', status: 'PENDING', attempts: 0, last_error: null },
      { event: 'RECEIVED', channel: 'SMS', recipient: '0901234567', status: 'PENDING', attempts: 0, last_error: null },
    ]);
    gatewayStatus = 503;
    expect(await sendApplicantMessages({ orm: app.db.orm, log })).toEqual({ sent: 1, failed: 1 });
    expect(relay.received).toHaveLength(1);
    expect(relay.received[0]!.to).toEqual(['cuc@example.vn']);
    expect(relay.received[0]!.raw.toString('utf8')).toContain('Subject: =?UTF-8?');
    const afterFailure = await messages();
    expect(afterFailure[0]).toMatchObject({ channel: 'EMAIL', status: 'SENT', attempts: 1 });
    expect(afterFailure[1]).toMatchObject({ channel: 'SMS', status: 'PENDING', attempts: 1, last_error: 'SMS gateway answered 503' });
    gatewayStatus = 200;
    expect(await sendApplicantMessages({ orm: app.db.orm, log })).toEqual({ sent: 1, failed: 0 });
    expect(sms).toEqual([{ to: '0901234567', text: expect.stringContaining(received.case.receiptCode) }]);
    expect(sms[0]!.text).toContain('/public/lookup?code=');
    // Nothing is sent twice.
    expect(await sendApplicantMessages({ orm: app.db.orm, log })).toEqual({ sent: 0, failed: 0 });
    // A supplement request tells them again, once, however often the step is asked.
    await ok(app, tokens.specialist!, 'requestOneStopSupplement', 'RequestOneStopSupplementInput', { id: received.case.id, missingPapers: ['Bản sao căn cước'] }, 'case { id }');
    await ok(app, tokens.oneStopDesk!, 'receiveOneStopSupplement', 'OneStopStepInput', { id: received.case.id }, 'case { id }');
    await ok(app, tokens.specialist!, 'requestOneStopSupplement', 'RequestOneStopSupplementInput', { id: received.case.id, missingPapers: ['Bản đồ'] }, 'case { id }');
    expect(await Promise.all([sendApplicantMessages({ orm: app.db.orm, log }), sendApplicantMessages({ orm: app.db.orm, log })]).then((runs) => runs.reduce((total, run) => total + run.sent, 0))).toBe(2);
    expect(relay.received).toHaveLength(2);
    expect(sms).toHaveLength(2);
    expect((await messages()).map((row) => `${row.event}:${row.channel}:${row.status}`)).toEqual(['RECEIVED:EMAIL:SENT', 'RECEIVED:SMS:SENT', 'SUPPLEMENT:EMAIL:SENT', 'SUPPLEMENT:SMS:SENT']);
  });
});
