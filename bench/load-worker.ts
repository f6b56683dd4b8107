/**
 * Closed-loop load for bench/documents.ts, in a worker thread so that the clients' own work
 * (building requests, parsing responses) runs beside the server's event loop, not on it: `clients`
 * loops, each sending its next request as soon as the last one answered, for `durationMs` at most
 * and `maxRequests` in all. Talks to the given 127.0.0.1 URL only.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadRequest {
  url: string;
  tokens: string[];
  query: string;
  variableSets: Record<string, unknown>[];
  clients: number;
  durationMs: number;
  maxRequests: number;
}

export interface LoadResult {
  completed: number;
  failed: number;
  firstError: string | null;
  elapsedMs: number;
  latenciesMs: number[];
}

async function run(request: LoadRequest): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(request.url)) throw new Error(`refusing to load ${request.url}: 127.0.0.1 only`);
  const latenciesMs: number[] = [];
  let sent = 0;
  let failed = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + request.durationMs;
  const client = async (index: number) => {
    while (performance.now() < deadline && sent < request.maxRequests) {
      const n = sent++;
      const token = request.tokens[(index + n) % request.tokens.length]!;
      const variables = request.variableSets[n % request.variableSets.length];
      const begin = performance.now();
      try {
        const response = await fetch(request.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: request.query, variables }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
        if (!response.ok || body.errors || !body.data) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
        latenciesMs.push(performance.now() - begin);
      } catch (error) {
        failed += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: request.clients }, (_, index) => client(index)));
  return { completed: latenciesMs.length, failed, firstError, elapsedMs: performance.now() - started, latenciesMs };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadRequest).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: String(error) }),
  );
}
