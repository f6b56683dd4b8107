import { pino, type Logger } from 'pino';

/** JSON lines on stdout: one per request, with its id, for any log collector. */
export function createLogger(): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'vanthu' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
