import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Field paths that may hold secrets anywhere in a log record. pino replaces them before serialising,
 * so a careless `log.info({ request })` cannot leak a password or an Authorization header.
 */
export const REDACTED_LOG_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'webhookUrl',
  '*.webhookUrl',
  'endpointUrl',
  '*.endpointUrl',
];

/**
 * Structured JSON logs, quiet by default (`warn`), level from `LOG_LEVEL`. Writes to stderr so that
 * command output on stdout stays machine-readable; `destination` sends the lines elsewhere (e.g. a test that
 * searches them).
 */
export function createLogger(
  options: LoggerOptions & { name?: string } = {},
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'warn',
      redact: { paths: REDACTED_LOG_PATHS, censor: '(sensitive)' },
      ...options,
    },
    destination,
  );
}

/** A logger that drops everything: the default for library code that was given none. */
export const silentLogger: Logger = pino({ level: 'silent' });
