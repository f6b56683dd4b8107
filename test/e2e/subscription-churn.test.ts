import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/** Subscribing and unsubscribing 10,000 times frees everything: listeners, and the heap returns to its baseline. */
let app: TestApp;
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

function settledHeap(): number {
  for (let i = 0; i < 5; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('subscription churn', () => {
  it('returns to its baseline after 10,000 subscribe/unsubscribe cycles', async () => {
    const token = await app.login(DEMO.specialist);
    const { client } = app.ws(token);
    const cycle = async () => {
      let subscribed!: () => void;
      const ready = new Promise<void>((resolve) => (subscribed = resolve));
      const stop = client.subscribe({ query: 'subscription { noticeReceived { text } }' }, { next: () => {}, error: () => {}, complete: () => {} });
      // The server has the subscription once it listens for events.
      const check = setInterval(() => app.server.liveSubscriptions() > 0 && subscribed(), 1);
      await ready;
      clearInterval(check);
      stop();
      while (app.server.liveSubscriptions() > 0) await new Promise((resolve) => setImmediate(resolve));
    };
    for (let i = 0; i < 200; i += 1) await cycle(); // warm up JIT, pools and caches
    const baseline = settledHeap();
    for (let i = 0; i < 10_000; i += 1) await cycle();
    const after = settledHeap();
    expect(app.server.liveSubscriptions()).toBe(0);
    expect(app.server.connectionCount()).toBe(1);
    // A leak of even 200 bytes a cycle would show as 2 MB.
    expect(after - baseline).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);
});
