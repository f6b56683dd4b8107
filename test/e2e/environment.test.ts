import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` with a bad environment stops before anything starts (issue 13 point 7): no embedded
 * PostgreSQL, no data folder, one message naming each bad variable, exit code 2.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm start with a bad environment', () => {
  it('stops at once with a clear message and starts no database', async () => {
    const dataDir = path.join(os.tmpdir(), `vanthu-environment-test-${process.pid}`);
    const started = performance.now();
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: dataDir, PORT: 'abc', MAX_BODY_BYTES: '1MiB', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(output).toContain('PORT="abc"');
    expect(output).toContain('MAX_BODY_BYTES="1MiB"');
    expect(output).not.toMatch(/postgres|migration/i);
    expect(existsSync(dataDir)).toBe(false);
  });
});
