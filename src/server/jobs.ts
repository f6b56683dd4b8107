import type { MikroORM } from '@mikro-orm/postgresql';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { sweepDeadlines } from '../areas/routing/deadline-sweep.ts';
import { sweepFolders } from '../areas/folders/folder-sweep.ts';
import type { BlobStore } from '../areas/files/blob-store.ts';

/**
 * Background work on pg-boss, in the application's own PostgreSQL (schema `pgboss`): the deadline
 * sweep runs every minute (the cron is kept in the database, so several instances schedule it
 * once), on a singleton queue (one sweep at a time across instances). Exactly-once reminders do
 * not rest on that alone: the sweep claims each item with a conditional UPDATE (deadline-sweep.ts),
 * so even two sweeps at once tell no one twice.
 */
const SWEEP_QUEUE = 'deadline-sweep';
/** The cabinet's sweep: expired change requests, and the trash purged after 30 days (folders/folder-sweep.ts). */
const FOLDER_QUEUE = 'folder-sweep';

export interface JobOptions {
  /** Cron for the sweep; every minute by default (JOBS_SWEEP_CRON). */
  sweepCron?: string;
  /** How often an idle worker looks for jobs, in seconds (pg-boss's minimum is 0.5; JOBS_POLL_SECONDS). */
  pollingIntervalSeconds?: number;
  /** Cron for the cabinet's sweep; every five minutes by default (JOBS_FOLDER_CRON). */
  folderCron?: string;
}

export interface JobRunner {
  /** Queues a sweep now (for operators and tests); the next free worker of any instance runs it. */
  sweepNow(): Promise<void>;
  /** Queues the cabinet's sweep now. */
  folderSweepNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobs(orm: MikroORM, databaseUrl: string, log: Logger, options: JobOptions = {}, store?: BlobStore): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 3 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(SWEEP_QUEUE, { policy: 'singleton', retryLimit: 3, retryDelay: 10, expireInSeconds: 300 });
  await boss.schedule(SWEEP_QUEUE, options.sweepCron ?? process.env.JOBS_SWEEP_CRON ?? '* * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? Number(process.env.JOBS_POLL_SECONDS ?? 2);
  await boss.work(SWEEP_QUEUE, { pollingIntervalSeconds }, async () => {
    const result = await sweepDeadlines(orm);
    if (Object.values(result).some((count) => count > 0)) log.info({ sweep: result }, 'deadline sweep');
  });
  if (store) {
    await boss.createQueue(FOLDER_QUEUE, { policy: 'singleton', retryLimit: 3, retryDelay: 30, expireInSeconds: 900 });
    await boss.schedule(FOLDER_QUEUE, options.folderCron ?? process.env.JOBS_FOLDER_CRON ?? '*/5 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
    await boss.work(FOLDER_QUEUE, { pollingIntervalSeconds }, async () => {
      const result = await sweepFolders(orm, store);
      if (Object.values(result).some((count) => count > 0)) log.info({ sweep: result }, 'folder sweep');
    });
  }
  return {
    async sweepNow() {
      await boss.send(SWEEP_QUEUE, {});
    },
    async folderSweepNow() {
      await boss.send(FOLDER_QUEUE, {});
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
