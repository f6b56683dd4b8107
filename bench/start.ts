/**
 * `npm run bench:start`: cold start (empty data folder: initdb, migrations, demo agency) and warm
 * start of `node src/main.ts` with the embedded PostgreSQL, and resident memory at idle, of the
 * server process alone and (as PSS, so shared memory counts once) of the PostgreSQL it started.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded.ts';
import { rssKiB } from './measure.ts';

const dataDir = path.join(os.tmpdir(), `vanthu-bench-start-${process.pid}`);

/** Proportional set size: shared buffers counted once across PostgreSQL's processes, not per process. */
function pssKiB(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
}

function postgresPssKiB(port: number): number {
  // The postmaster and its children: processes whose command line names this port.
  const pids = execFileSync('pgrep', ['-f', `postgres.*-p ${port}`], { encoding: 'utf8' }).trim().split('\n').map(Number);
  const children = pids.flatMap((pid) => {
    try {
      return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
    } catch {
      return [];
    }
  });
  return [...new Set([...pids, ...children])].reduce((sum, pid) => sum + pssKiB(pid), 0);
}

async function run(label: string) {
  const port = await freePort();
  const pgPort = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DEMO_PASSWORD: 'Bench#Pass2026' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Vanthu is serving GraphQL')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const ready = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const server = rssKiB(child.pid!);
  const database = postgresPssKiB(pgPort);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  console.log(`${label}: ready in ${Math.round(ready)} ms; idle RSS server ${Math.round(server / 1024)} MiB, embedded PostgreSQL (PSS, all processes) ${Math.round(database / 1024)} MiB`);
}

await rm(dataDir, { recursive: true, force: true });
try {
  await run('cold start (empty data folder)');
  await run('warm start');
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
