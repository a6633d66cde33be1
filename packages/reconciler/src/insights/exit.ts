/** Maps insight failures to a message and a documented exit code (see INSIGHT_EXIT_CODES_HELP). */
import { ScoutApiError } from '@scout-acr/sdk';
import { describeFailure } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { ImageNotAnalyzedError, ImageNotFoundError, InsightExitCode, InsightUsageError } from './errors.js';

/** The message for stderr and the process exit code of a failed insight command. */
export function describeInsightFailure(error: unknown): { message: string; code: number } {
  if (error instanceof InsightUsageError) return { message: error.message, code: ExitCode.Usage };
  if (error instanceof ImageNotFoundError) return { message: error.message, code: InsightExitCode.ImageNotFound };
  if (error instanceof ImageNotAnalyzedError) return { message: error.message, code: InsightExitCode.NotAnalyzed };
  if (error instanceof ScoutApiError) {
    if (error.code === 'NetworkError' || error.code === 'Timeout')
      return { message: `server unreachable: ${error.message}`, code: ExitCode.Unavailable };
    if (error.status === 401 || error.status === 403)
      return {
        message: `not authorized: ${error.message} (check --api-key / SCOUT_ACR_API_KEY)`,
        code: ExitCode.Unauthorized,
      };
    if (error.status === 409 && error.code === 'NotAnalyzed')
      return { message: error.message, code: InsightExitCode.NotAnalyzed };
    if (error.status === 404) return { message: error.message, code: InsightExitCode.ImageNotFound };
  }
  return describeFailure(error);
}
