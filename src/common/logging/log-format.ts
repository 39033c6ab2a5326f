import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

import type { LogLevel, ProcessRole } from '../../config/app-config';

export const SERVICE_NAME = 'iup-records';

/**
 * What every log line of the service has in common, whoever writes it (Nest
 * and its request logs through nestjs-pino, start-up and shut-down messages,
 * traces on the console): one JSON object per line with `level` as its name
 * (`"info"`, not pino's default number), `time` in epoch milliseconds,
 * `service`, and `role` once the settings are read.
 */
export function logFormat(options: { level: LogLevel; role?: ProcessRole }): LoggerOptions {
  return {
    level: options.level,
    base: { service: SERVICE_NAME, ...(options.role ? { role: options.role } : {}) },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.epochTime,
  };
}

/**
 * A logger in that format outside Nest: start-up, shut-down and failure to
 * start (main.ts), which are written whatever LOG_LEVEL says. Synchronous, so
 * a line written just before `process.exit` is not lost.
 */
export function plainLogger(
  options: { role?: ProcessRole; stream?: 'stdout' | 'stderr' } = {},
): Logger {
  const destination: DestinationStream = pino.destination({
    fd: options.stream === 'stderr' ? 2 : 1,
    sync: true,
  });
  return pino(logFormat({ level: 'info', role: options.role }), destination);
}
