import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCrl } from '../../src/areas/signatures/crl.ts';
import { createAuthority } from '../../src/areas/signatures/x509.ts';
import { EnvironmentError, readEnvironment } from '../../src/server/environment.ts';

/** Every environment variable checked at start, with a message naming it (issue 13 point 7). */
const problemsOf = (env: Record<string, string>) => {
  try {
    readEnvironment(env);
    return [];
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    return error.problems;
  }
};

describe('readEnvironment', () => {
  it('gives the defaults for an empty environment', () => {
    expect(readEnvironment({})).toMatchObject({ port: 4000, host: '0.0.0.0', databaseUrl: undefined, dataDir: 'data/pg', corsOrigins: [], explorer: true, demo: true, jobs: true, production: false });
  });

  it('keeps demo data and the explorer off in production unless asked for', () => {
    const secret = 'a-production-secret-of-32-characters-at-least';
    expect(readEnvironment({ NODE_ENV: 'production', SIGNING_KEY_SECRET: secret })).toMatchObject({ demo: false, explorer: false, production: true });
    expect(readEnvironment({ NODE_ENV: 'production', SIGNING_KEY_SECRET: secret, DEMO: 'on', EXPLORER: 'on' })).toMatchObject({ demo: true, explorer: true });
    expect(readEnvironment({ DEMO: 'false', EXPLORER: 'off' })).toMatchObject({ demo: false, explorer: false });
  });

  it('refuses values with units or out of range, naming each variable', () => {
    const problems = problemsOf({ PORT: 'abc', MAX_BODY_BYTES: '1MiB', MAX_UPLOAD_BYTES: '0', EMBEDDED_PG_PORT: '70000', DATABASE_POOL_SIZE: '-1' });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT="abc"', 'MAX_BODY_BYTES="1MiB"', 'MAX_UPLOAD_BYTES="0"', 'EMBEDDED_PG_PORT="70000"', 'DATABASE_POOL_SIZE="-1"']) {
      expect(problems.some((problem) => problem.startsWith(name)), name).toBe(true);
    }
    expect(readEnvironment({ PORT: '8080', MAX_BODY_BYTES: '1048576' }).port).toBe(8080);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without repeating its password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:s3cret@db/vanthu' });
    expect(problem).toMatch(/^DATABASE_URL: must be a PostgreSQL URL/);
    expect(problem).not.toContain('s3cret');
    expect(problemsOf({ DATABASE_URL: 'not a url' })).toHaveLength(1);
    expect(readEnvironment({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/v' }).databaseUrl).toBe('postgresql://u:p@127.0.0.1:5432/v');
  });

  it('checks CORS_ORIGINS, the on/off switches, LOG_LEVEL and the demo password (never printed)', () => {
    expect(problemsOf({ CORS_ORIGINS: '*' })[0]).toMatch(/^CORS_ORIGINS/);
    expect(problemsOf({ EXPLORER: 'yes' })[0]).toMatch(/^EXPLORER="yes": must be one of on, off/);
    expect(problemsOf({ DEMO: 'maybe', JOBS: '1' })).toHaveLength(2);
    expect(problemsOf({ LOG_LEVEL: 'verbose' })[0]).toMatch(/^LOG_LEVEL/);
    const [weak] = problemsOf({ DEMO_PASSWORD: 'abc123' });
    expect(weak).toMatch(/^DEMO_PASSWORD: too weak/);
    expect(weak).not.toContain('abc123');
    expect(readEnvironment({ CORS_ORIGINS: 'http://localhost:5173', DEMO_PASSWORD: 'Demo@Pass2026' }).corsOrigins).toEqual(['http://localhost:5173']);
  });

  it('checks the mailbox, signing and metrics variables before anything starts, never repeating a secret', () => {
    expect(problemsOf({ SMTP_PORT: 'twenty-five', SMTP_MAX_BYTES: '30MB' })).toEqual([expect.stringMatching(/^SMTP_PORT="twenty-five"/), expect.stringMatching(/^SMTP_MAX_BYTES="30MB"/)]);
    const [relay] = problemsOf({ SMTP_RELAY_URL: 'http://user:hunter2@relay' });
    expect(relay).toMatch(/^SMTP_RELAY_URL: must be an SMTP URL/);
    expect(relay).not.toContain('hunter2');
    expect(problemsOf({ SMTP_RELAY_URL: 'smtp://user:pass@relay.example:587', SMTP_PORT: '2525' })).toEqual([]);
    const [short] = problemsOf({ SIGNING_KEY_SECRET: 'short-secret' });
    expect(short).toBe('SIGNING_KEY_SECRET: must be at least 32 characters');
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^SIGNING_KEY_SECRET: required in production/)]);
    expect(problemsOf({ METRICS_TOKEN: 'tiny' })).toEqual(['METRICS_TOKEN: must be at least 16 characters']);
  });

  it('checks the signatures’ trust anchor and CRL files exist and hold what they name, and their public URL', () => {
    const directory = mkdtempSync(join(tmpdir(), 'vanthu-env-'));
    const authority = createAuthority({ commonName: 'Root', organisation: 'Root' }, new Date());
    writeFileSync(join(directory, 'root.pem'), authority.certificatePem);
    writeFileSync(join(directory, 'root.crl'), buildCrl(authority, [], 1, new Date(), new Date(Date.now() + 86_400_000)));
    writeFileSync(join(directory, 'empty.pem'), 'nothing here');
    expect(problemsOf({ SIGNATURES_TRUST_ANCHORS: join(directory, 'root.pem'), SIGNATURES_CRL_FILES: join(directory, 'root.crl'), SIGNATURES_PUBLIC_URL: 'https://vanthu.example.gov.vn' })).toEqual([]);
    const problems = problemsOf({ SIGNATURES_TRUST_ANCHORS: `${join(directory, 'root.pem')},${join(directory, 'missing.pem')},${join(directory, 'empty.pem')}`, SIGNATURES_CRL_FILES: join(directory, 'empty.pem'), SIGNATURES_PUBLIC_URL: 'vanthu.example' });
    expect(problems).toEqual([
      expect.stringMatching(/^SIGNATURES_TRUST_ANCHORS: ".*missing\.pem" must be a readable file of PEM certificates/),
      expect.stringMatching(/^SIGNATURES_TRUST_ANCHORS: ".*empty\.pem" must be a readable file of PEM certificates \(no PEM certificate in it\)/),
      expect.stringMatching(/^SIGNATURES_CRL_FILES: ".*empty\.pem" must be a readable file of a CRL/),
      'SIGNATURES_PUBLIC_URL: must be the public address the CRL distribution points name, an http(s) URL',
    ]);
  });

  it('checks the one-stop, portal and webhook variables, never repeating a credential', () => {
    const problems = problemsOf({
      ONESTOP_SMTP_URL: 'mail.example:25',
      ONESTOP_SMS_URL: 'gateway?token=s3cr3t-sms',
      ONESTOP_PUBLIC_URL: 'mot-cua.example.gov.vn',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '60/min',
      WEBHOOKS_RETRY_SECONDS: '0',
      WEBHOOKS_ALLOW_LOOPBACK: 'maybe',
      PORTAL_ORIGINS: 'https://dichvucong.example.gov.vn/tra-cuu',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^ONESTOP_SMTP_URL: must be an SMTP URL/),
      expect.stringMatching(/^ONESTOP_SMS_URL: must be/),
      expect.stringMatching(/^ONESTOP_PUBLIC_URL: must be/),
      expect.stringMatching(/^PUBLIC_RATE_LIMIT_PER_MINUTE="60\/min"/),
      expect.stringMatching(/^WEBHOOKS_RETRY_SECONDS="0"/),
      expect.stringMatching(/^WEBHOOKS_ALLOW_LOOPBACK="maybe"/),
      expect.stringMatching(/^PORTAL_ORIGINS: "https:\/\/dichvucong.example.gov.vn\/tra-cuu" is not an origin/),
    ]);
    expect(problems.join('\n')).not.toContain('s3cr3t-sms');
    expect(
      problemsOf({ ONESTOP_SMTP_URL: 'smtp://mot-cua:pw@mail.example:587', ONESTOP_SMS_URL: 'https://sms.example/send', PUBLIC_RATE_LIMIT_PER_MINUTE: '0', WEBHOOKS_ALLOW_LOOPBACK: 'on', PORTAL_ORIGINS: 'https://dichvucong.example.gov.vn, http://localhost:5173' }),
    ).toEqual([]);
  });

  it('says all problems at once in one message', () => {
    expect(() => readEnvironment({ PORT: 'abc', EXPLORER: 'x' })).toThrow(/did not start[\s\S]*PORT[\s\S]*EXPLORER/);
  });
});
