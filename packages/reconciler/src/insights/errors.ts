import { ScoutAcrError } from '@scout-acr/sdk';

/**
 * Exit codes of the insight commands, beyond the shared ones in `cli/exit-codes.ts` (69 unreachable, 77 bad key,
 * 2 findings remain). Distinct so scripts can tell "no such image" from "not analyzed yet".
 */
export const InsightExitCode = {
  ImageNotFound: 3,
  NotAnalyzed: 4,
} as const;

/** The exit codes the insight commands document in their `--help`. */
export const INSIGHT_EXIT_CODES_HELP = `Exit codes:
  0   success
  1   error
  2   --exit-code / --exit-on: vulnerabilities remain (cves) or were added (compare)
  3   unknown image (no integration for the registry, or no such image in it)
  4   image not analyzed yet (the analysis job's state is shown)
  64  usage error (bad reference, option or filter)
  69  server unreachable
  77  not authorized (bad or missing API key)`;

/** A bad image reference, filter or option (exit 64). */
export class InsightUsageError extends ScoutAcrError {
  constructor(message: string) {
    super(message, { code: 'InsightUsage' });
  }
}

/** The image is not known to any integration of the key's organization (exit 3). */
export class ImageNotFoundError extends ScoutAcrError {
  constructor(message: string) {
    super(message, { code: 'ImageNotFound', status: 404 });
  }
}

/** The image is recorded but not analyzed yet, or its analysis failed (exit 4). */
export class ImageNotAnalyzedError extends ScoutAcrError {
  constructor(message: string) {
    super(message, { code: 'NotAnalyzed', status: 409 });
  }
}
