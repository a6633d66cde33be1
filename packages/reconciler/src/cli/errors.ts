import { ScoutAcrError, Secret } from '@scout-acr/sdk';
import { type Config, ConfigError, ConfigNotFoundError, formatIssue } from '../config/index.js';
import { UnsafePlanError } from '../plan/index.js';
import { LeaseHeldError } from '../reconcile.js';
import { ExitCode } from './exit-codes.js';

/** Maps any error to a message for stderr and a documented exit code. Messages never carry secret values. */
export function describeFailure(error: unknown): { message: string; code: ExitCode } {
  if (error instanceof ConfigError)
    return { message: error.issues.map(formatIssue).join('\n'), code: ExitCode.InvalidConfig };
  if (error instanceof ConfigNotFoundError) return { message: error.message, code: ExitCode.ConfigNotFound };
  if (error instanceof LeaseHeldError) return { message: error.message, code: ExitCode.LeaseHeld };
  if (error instanceof UnsafePlanError) return { message: error.message, code: ExitCode.Error };
  if (error instanceof ScoutAcrError) {
    const where = error.requestId ? ` (request id ${error.requestId})` : '';
    if (error.status === 401 || error.status === 403)
      return { message: `${error.message}${where}`, code: ExitCode.Unauthorized };
    if (error.transient && (error.status === undefined || error.status >= 500)) {
      return { message: `${error.message}${where}`, code: ExitCode.Unavailable };
    }
    return { message: `${error.message}${where}`, code: ExitCode.Error };
  }
  return { message: error instanceof Error ? error.message : String(error), code: ExitCode.Error };
}

/** The values that must never reach the terminal: the server API key (other references are not secrets). */
export function secretValues(config: Config): string[] {
  const key = config.server.apiKey;
  return [key instanceof Secret ? key.reveal() : String(key)];
}
