import { passwordWeakness } from '../areas/accounts/passwords.ts';
import { parseOrigins } from '../core/origins.ts';
import { trustedProxiesProblem } from './client-address.ts';
import { trustFilesProblems } from '../areas/signatures/public.ts';

/**
 * Every environment variable Vanthu reads, validated once at start before anything starts (issue 13
 * point 7): a bad value stops `npm start` with one message naming each variable and what it
 * accepts, instead of being silently ignored (`MAX_BODY_BYTES=1MiB` once disabled the body limit)
 * or failing late (`PORT=abc` once failed after the database had started).
 */
export interface Environment {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPort: number | undefined;
  corsOrigins: string[];
  /** GraphiQL at GET /graphql: on outside production, in production only with EXPLORER=on. */
  explorer: boolean;
  /** The demo agency on an empty database: on outside production, in production only with DEMO=on. */
  demo: boolean;
  demoPassword: string | undefined;
  jobs: boolean;
}

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Vanthu did not start: the environment has ${problems.length === 1 ? 'a bad value' : 'bad values'}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the environment; throws an EnvironmentError listing every bad variable. */
export function readEnvironment(env: Env = process.env): Environment {
  const problems: string[] = [];
  const given = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, min: number, max: number, what: string): number | undefined => {
    const value = given(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
      problems.push(`${name}=${JSON.stringify(value)}: must be ${what} (a whole number from ${min} to ${max}, no units)`);
      return undefined;
    }
    return Number(value);
  };
  const number = (name: string, what: string): void => {
    const value = given(name);
    if (value !== undefined && !(Number.isFinite(Number(value)) && Number(value) > 0)) problems.push(`${name}=${JSON.stringify(value)}: must be ${what} (a positive number)`);
  };
  const choice = (name: string, values: Record<string, boolean>): boolean | undefined => {
    const value = given(name);
    if (value === undefined) return undefined;
    const known = values[value.toLowerCase()];
    if (known === undefined) problems.push(`${name}=${JSON.stringify(value)}: must be one of ${Object.keys(values).join(', ')}`);
    return known;
  };
  const onOff = { on: true, off: false, true: true, false: false };

  const production = env.NODE_ENV === 'production';
  const port = integer('PORT', 0, 65535, 'the HTTP port');
  integer('EMBEDDED_PG_PORT', 1, 65535, 'the embedded PostgreSQL port');
  integer('MAX_BODY_BYTES', 1, 2 ** 31, 'the largest GraphQL request body in bytes');
  integer('MAX_UPLOAD_BYTES', 1, 2 ** 40, 'the largest upload in bytes');
  integer('INTERCONNECTION_MAX_BYTES', 1, 2 ** 31, 'the largest edXML message the interconnection inbox takes, in bytes');
  integer('MAX_SUBSCRIPTIONS_PER_CONNECTION', 1, 10_000, 'the subscriptions allowed on one WebSocket');
  integer('DATABASE_POOL_SIZE', 1, 1000, 'the size of the database connection pool');
  integer('PASSWORD_HASH_COST', 10, 20, 'the scrypt cost as a power of two');
  integer('RATE_LIMIT_PER_MINUTE', 0, 1_000_000, 'the requests one client address may make a minute (0 for no limit)');
  number('SESSION_TTL_HOURS', 'how long a session lasts, in hours');
  const proxies = trustedProxiesProblem(given('TRUSTED_PROXIES'));
  if (proxies) problems.push(proxies);
  number('JOBS_POLL_SECONDS', 'how often the job runner polls, in seconds');
  integer('SMTP_PORT', 0, 65535, "the shared mailbox's SMTP port");
  integer('SMTP_MAX_BYTES', 1, 2 ** 31, 'the largest message the SMTP receiver accepts, in bytes');
  // Addresses may carry a credential: checked without being repeated in the message.
  const checkUrl = (name: string, scheme: RegExp, what: string) => {
    const value = given(name);
    if (value !== undefined && !scheme.test(value)) problems.push(`${name}: must be ${what}`);
  };
  const SMTP_URL = /^smtps?:\/\/[^/]+/i;
  const SMTP_WHAT = 'an SMTP URL, smtp://user:password@host:587 or smtps://…:465';
  checkUrl('SMTP_RELAY_URL', SMTP_URL, SMTP_WHAT);
  checkUrl('ONESTOP_SMTP_URL', SMTP_URL, SMTP_WHAT);
  checkUrl('ONESTOP_SMS_URL', /^https?:\/\/[^/\s]+/i, "the SMS gateway's address, an http(s) URL");
  checkUrl('ONESTOP_PUBLIC_URL', /^https?:\/\/[^/\s]+/i, 'the public address printed in receipts, an http(s) URL');
  integer('PUBLIC_RATE_LIMIT_PER_MINUTE', 0, 1_000_000, 'the public look-ups one client address may make a minute (0 for no limit)');
  integer('WEBHOOKS_RETRY_SECONDS', 1, 86_400, 'the first delay before a failed webhook delivery is retried, in seconds');
  choice('WEBHOOKS_ALLOW_LOOPBACK', { on: true, off: false });
  const signingSecret = given('SIGNING_KEY_SECRET');
  if (signingSecret !== undefined && signingSecret.length < 32) problems.push('SIGNING_KEY_SECRET: must be at least 32 characters');
  if (production && signingSecret === undefined) problems.push('SIGNING_KEY_SECRET: required in production (it encrypts the private keys Vanthu holds)');
  problems.push(...trustFilesProblems(env));
  checkUrl('SIGNATURES_PUBLIC_URL', /^https?:\/\/[^/\s]+/i, 'the public address the CRL distribution points name, an http(s) URL');
  const metricsToken = given('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push('METRICS_TOKEN: must be at least 16 characters');

  const databaseUrl = given('DATABASE_URL');
  if (databaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(databaseUrl);
    } catch {
      url = undefined;
    }
    if (!url || !/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) {
      // The value may hold a password: never repeated in the message.
      problems.push('DATABASE_URL: must be a PostgreSQL URL, postgresql://user:password@host:5432/database (unset it to use the embedded PostgreSQL)');
    }
  }

  let corsOrigins: string[] = [];
  try {
    corsOrigins = parseOrigins(given('CORS_ORIGINS'));
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    parseOrigins(given('PORTAL_ORIGINS'), 'PORTAL_ORIGINS');
  } catch (error) {
    problems.push((error as Error).message);
  }
  const explorer = choice('EXPLORER', onOff);
  const demo = choice('DEMO', onOff);
  const jobs = choice('JOBS', onOff);
  choice('S3_FORCE_PATH_STYLE', { true: true, false: false });
  const level = given('LOG_LEVEL');
  if (level !== undefined && !LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL=${JSON.stringify(level)}: must be one of ${LOG_LEVELS.join(', ')}`);

  const demoPassword = given('DEMO_PASSWORD');
  if (demoPassword !== undefined) {
    const weakness = passwordWeakness(demoPassword);
    // Never the password itself in the message.
    if (weakness) problems.push(`DEMO_PASSWORD: too weak for the demo accounts (${weakness})`);
  }

  if (problems.length > 0) throw new EnvironmentError(problems);
  return {
    production,
    port: port ?? 4000,
    host: given('HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: given('DATA_DIR') ?? 'data/pg',
    embeddedPort: given('EMBEDDED_PG_PORT') === undefined ? undefined : Number(env.EMBEDDED_PG_PORT),
    corsOrigins,
    explorer: explorer ?? !production,
    demo: demo ?? !production,
    demoPassword,
    jobs: jobs ?? true,
  };
}
