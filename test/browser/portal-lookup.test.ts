import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { ok } from '../support/flows.ts';

/**
 * The embeddable look-up (issue 17 §5) in a real browser: a portal page on another origin frames
 * `/public/lookup`, a citizen types the receipt code and sees the case's steps; a page on an origin
 * not in PORTAL_ORIGINS gets no page at all, the browser refusing the frame by its CSP.
 */
let app: TestApp;
let browser: Browser;
const portals: Server[] = [];
let listedOrigin = '';
let otherOrigin = '';
let receiptCode = '';

/** A portal page on its own origin whose only content is a frame of Vanthu's look-up page. */
async function portal(lookupUrl: () => string): Promise<string> {
  const server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><title>Cổng dịch vụ công</title><h1>Tra cứu hồ sơ</h1><iframe id="lookup" title="Tra cứu" src="${lookupUrl()}" width="600" height="800"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  portals.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // Vanthu on localhost, the portals on 127.0.0.1: other origins.
  const lookupUrl = () => `http://localhost:${app.server.port}/public/lookup`;
  listedOrigin = await portal(lookupUrl);
  otherOrigin = await portal(lookupUrl);
  process.env.PORTAL_ORIGINS = listedOrigin;
  process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '0';
  app = await startTestApp();
  const itOfficer = await app.login(DEMO.itOfficer);
  const desk = await app.login(DEMO.oneStopDesk);
  const organisation = (await app.gql('{ organisation { units { id code } } }', {}, await app.login(DEMO.leader))).data!.organisation;
  const saved = await ok(app, itOfficer, 'saveOneStopProcedure', 'OneStopProcedureInput', {
    code: '2.000364', name: 'Cấp giấy phép bán lẻ rượu', field: 'Lưu thông hàng hóa', handlingUnitId: organisation.units.find((unit: { code: string }) => unit.code === 'QLTM').id,
    totalDays: 10, intakeDays: 0, unitDays: 5, unitHeadDays: 2, leaderDays: 2, returnDays: 1, fee: 1200000, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }],
  }, 'procedure { id }');
  const received = await ok(app, desk, 'receiveOneStopCase', 'ReceiveOneStopCaseInput', {
    procedureId: saved.procedure.id, applicant: { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '001090000123', phone: '0912345678', address: '12 Tràng Tiền' }, papers: [{ name: 'Đơn đề nghị' }],
  }, 'case { receiptCode }');
  receiptCode = received.case.receiptCode;
  browser = await launchBrowser();
});
afterAll(async () => {
  delete process.env.PORTAL_ORIGINS;
  delete process.env.PUBLIC_RATE_LIMIT_PER_MINUTE;
  await browser?.close();
  await app?.close();
  for (const server of portals) server.close();
});

async function open(origin: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(origin + '/', { waitUntil: 'load' });
  return page;
}

describe('the look-up page framed by a portal', () => {
  it('on a listed origin: the citizen types the receipt code and sees the steps of the case', async () => {
    const page = await open(listedOrigin);
    const frame = page.frameLocator('#lookup');
    await frame.getByLabel('Mã hồ sơ (in trên giấy tiếp nhận)').fill(receiptCode);
    await frame.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => frame.locator('#result h2').textContent(), { timeout: 10_000 }).toBe(`Hồ sơ ${receiptCode}`);
    const steps = await frame.getByRole('list', { name: 'Các bước xử lý' }).locator('li').allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toContain('Tiếp nhận hồ sơ');
    expect(steps[0]).toContain('Đã tiếp nhận');
    expect(steps[1]).toContain('Phòng chuyên môn thẩm định');
    expect(steps[1]).toContain('Đang xử lý, hạn');
    // The applicant's name is masked there too.
    expect(await frame.locator('#result').textContent()).toContain('N***** V** A*');
    // An unknown code reads as not found, in Vietnamese.
    await frame.getByLabel('Mã hồ sơ (in trên giấy tiếp nhận)').fill(receiptCode.replace(/-[A-Z0-9]{4}$/, '-ZZZZ'));
    await frame.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => frame.locator('#result').textContent(), { timeout: 10_000 }).toContain('Không tìm thấy hồ sơ');
    await page.close();
  });

  it('on an unlisted origin: the browser refuses the frame, and no look-up page loads in it', async () => {
    const page = await open(otherOrigin);
    const refused = page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()), timeout: 10_000 }).catch(() => null);
    await page.reload({ waitUntil: 'load' });
    expect(await refused).not.toBeNull();
    for (const frame of page.frames()) expect(await frame.$('#code')).toBeNull();
    await page.close();
  });
});
