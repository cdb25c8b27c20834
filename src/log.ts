import { pino, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from './config/types.js';

/** Never written to a log line, whatever object carries them. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.privateKeyPem',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.client_secret',
  '*.code',
];

export function loggerOptions(level: LogLevel, bindings: Record<string, unknown> = {}): LoggerOptions {
  return {
    level,
    base: { ...bindings },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** `fd` 2 sends logs to stderr (the CLI keeps stdout for its output). */
export function createLogger(level: LogLevel, bindings: Record<string, unknown> = {}, fd: 1 | 2 = 1): Logger {
  return pino(loggerOptions(level, bindings), pino.destination({ fd, sync: fd === 2 }));
}

export type { Logger };
