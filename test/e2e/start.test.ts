import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withEmptyDatabase } from '../support/database.ts';
import { freePort } from '../../src/db/embedded.ts';

/**
 * README's two commands, as a user runs them: `npm start` (node src/main.ts) on an empty data
 * folder with the embedded PostgreSQL, then on DATABASE_URL; sign in and read `me` over HTTP.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dataDir = path.join(os.tmpdir(), `vanthu-start-test-${process.pid}`);

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function start(env: Record<string, string | undefined>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: undefined, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      if (output.includes('Vanthu is serving GraphQL')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, port, output: () => output };
}

async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

async function signInAndReadMe(port: number, username: string, password: string) {
  const post = async (query: string, variables: object, token?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as any;
  };
  const login = await post('mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', {
    u: username,
    p: password,
  });
  const token = login.data.login.token as string;
  expect(token).toMatch(/^vt_/);
  return (await post('{ me { username fullName } }', {}, token)).data.me;
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts the embedded database, seeds the demo once, serves, and stops cleanly', async () => {
    const first = await start({ DATA_DIR: dataDir, DEMO_PASSWORD: undefined });
    const password = /Password of every demo account: (\S+)/.exec(first.output())?.[1];
    expect(password, first.output()).toBeDefined();
    expect(first.output()).toContain('ducdd.sct');
    expect(await signInAndReadMe(first.port, 'ducdd.sct', password!)).toEqual({ username: 'ducdd.sct', fullName: 'Đặng Đình Đức' });
    expect(await stop(first)).toBe(0);

    // The data stays: the second start finds the demo there and prints no password again.
    const second = await start({ DATA_DIR: dataDir, DEMO_PASSWORD: undefined });
    expect(second.output()).not.toContain('Password of every demo account');
    expect(await signInAndReadMe(second.port, 'hantt.sct', password!)).toEqual({ username: 'hantt.sct', fullName: 'Nguyễn Thị Thu Hà' });
    expect(await stop(second)).toBe(0);
  }, 120_000);

  it('migrates an empty database given by DATABASE_URL and uses DEMO_PASSWORD', async () => {
    await withEmptyDatabase('start', async (url) => {
      const started = await start({ DATABASE_URL: url, DEMO_PASSWORD: 'Chosen#Pass2026' });
      expect(started.output()).toContain('applied migrations');
      expect(started.output()).toContain('Password of every demo account: the value of DEMO_PASSWORD');
      expect(await signInAndReadMe(started.port, 'minhnv.sct', 'Chosen#Pass2026')).toEqual({ username: 'minhnv.sct', fullName: 'Nguyễn Văn Minh' });
      expect(await stop(started)).toBe(0);
    });
  }, 120_000);
});
