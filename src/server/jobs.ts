import { PgBoss } from 'pg-boss';
import type { AreaJob, ServerParts } from '../core/module.ts';
import { modules } from '../modules.ts';
import type { Metrics } from './metrics.ts';

/**
 * Background work on pg-boss, in the application's own PostgreSQL (schema `pgboss`): each area's
 * jobs (AreaModule.jobs) on their own singleton queue (one run at a time across instances); a
 * job's cron is kept in the database, so several instances schedule it once. Exactly-once effects
 * do not rest on that alone: each job claims what it handles with conditional UPDATEs.
 */
export interface JobOptions {
  /** Crons by queue name, over each job's own (and over its environment variable). */
  crons?: Record<string, string>;
  /** How often an idle worker looks for jobs, in seconds (pg-boss's minimum is 0.5; JOBS_POLL_SECONDS). */
  pollingIntervalSeconds?: number;
  /** Where each run is counted (the server's /metrics). */
  metrics?: Pick<Metrics, 'observeJob'>;
}

export interface JobRunner {
  /** Queues a job now (for operators and tests); the next free worker of any instance runs it. */
  runNow(queue: string, data?: object): Promise<void>;
  /** Each queue's jobs waiting, running and failed (kept), for /metrics. */
  queues(): Promise<{ name: string; queued: number; active: number; failed: number }[]>;
  stop(): Promise<void>;
}

/** Every area's jobs, in module order. */
export const areaJobs = (): AreaJob[] => modules.flatMap((module) => module.jobs ?? []);

export async function startJobs(parts: ServerParts, databaseUrl: string, options: JobOptions = {}): Promise<JobRunner> {
  const { log } = parts;
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 3 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? Number(process.env.JOBS_POLL_SECONDS ?? 2);
  const queues = new Set<string>();
  for (const job of areaJobs()) {
    await boss.createQueue(job.queue, { policy: 'singleton', retryLimit: job.retryLimit ?? 3, retryDelay: job.retryDelaySeconds ?? 10, expireInSeconds: job.expireInSeconds ?? 300 });
    const cron = options.crons?.[job.queue] ?? (job.cronVariable ? process.env[job.cronVariable] : undefined) ?? job.cron;
    if (cron) await boss.schedule(job.queue, cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
    await boss.work(job.queue, { pollingIntervalSeconds }, async ([received]) => {
      const started = performance.now();
      let result: object | void;
      try {
        result = await job.run(parts, (received?.data ?? {}) as object);
      } catch (error) {
        options.metrics?.observeJob(job.queue, 'failed', (performance.now() - started) / 1000);
        throw error;
      }
      options.metrics?.observeJob(job.queue, 'done', (performance.now() - started) / 1000, result);
      if (result && Object.values(result).some((count) => typeof count === 'number' && count > 0)) log.info({ job: job.queue, result }, 'job done');
    });
    queues.add(job.queue);
  }
  return {
    async runNow(queue, data = {}) {
      if (!queues.has(queue)) throw new Error(`no job queue named ${queue}`);
      await boss.send(queue, data);
    },
    async queues() {
      const found = await boss.getQueues([...queues]);
      return found.map((queue) => ({ name: queue.name, queued: queue.queuedCount, active: queue.activeCount, failed: queue.failedCount }));
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
