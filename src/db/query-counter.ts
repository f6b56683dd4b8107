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

export async function countStatements<T>(operation: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const log: QueryLog = { statements: [] };
  const result = await current.run(log, operation);
  return { result, statements: log.statements };
}

/** Marks a scope (a request) whose statements should be counted, e.g. by the server for tests. */
export function withStatementLog<T>(log: QueryLog, operation: () => T): T {
  return current.run(log, operation);
}

class CountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    const log = current.getStore();
    if (log && context.namespace !== 'slow-query') log.statements.push(context.query);
    super.logQuery(context);
  }
}

export const countingLoggerFactory = (options: LoggerOptions): DefaultLogger => new CountingLogger(options);
