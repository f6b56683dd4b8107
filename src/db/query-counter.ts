import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultLogger, type LogContext, type LoggerOptions } from '@mikro-orm/core';

/**
 * Counts the SQL statements an operation runs, so tests can prove there is no N+1. MikroORM hands
 * every statement (begin and commit included) to its logger, even with debug off.
 */
interface QueryLog {
  statements: string[];
}
const current = new AsyncLocalStorage<QueryLog>();
const taps = new Set<QueryLog>();

export async function countStatements<T>(operation: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const log: QueryLog = { statements: [] };
  const result = await current.run(log, operation);
  return { result, statements: log.statements };
}

/** Marks a scope (a request) whose statements should be counted, e.g. by the server for tests. */
export function withStatementLog<T>(log: QueryLog, operation: () => T): T {
  return current.run(log, operation);
}

/**
 * Every statement of this process while the tap is open, whatever scope runs it: the deliveries
 * of a subscription event start from the LISTEN connection, outside any request's scope.
 */
export function tapStatements(): { statements: string[]; close(): void } {
  const log: QueryLog = { statements: [] };
  taps.add(log);
  return { statements: log.statements, close: () => taps.delete(log) };
}

class CountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    const log = current.getStore();
    if (context.namespace !== 'slow-query') {
      log?.statements.push(context.query);
      for (const tap of taps) tap.statements.push(context.query);
    }
    super.logQuery(context);
  }
}

export const countingLoggerFactory = (options: LoggerOptions): DefaultLogger => new CountingLogger(options);
