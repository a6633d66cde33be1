import type { z } from 'zod';
import { ScoutAcrError } from '../errors/index.js';

/** One problem found in an event payload, with the dotted path of the offending field. */
export interface EventIssue {
  /** Path of the field, e.g. `[0].data.target.digest`; empty for the whole body. */
  path: string;
  message: string;
}

/**
 * An Event Grid delivery or event that does not have the shape scout-acr relies on. `status` is 400 so a webhook
 * can answer with it directly (Event Grid does not retry a 400, which is what we want for a malformed body).
 */
export class EventParseError extends ScoutAcrError {
  readonly issues: EventIssue[];

  constructor(issues: EventIssue[], options: { cause?: unknown } = {}) {
    const summary = issues
      .slice(0, 5)
      .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(`Invalid Event Grid event: ${summary}${more}`, { code: 'InvalidEvent', status: 400, cause: options.cause });
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Renders a zod issue path as `[0].data.target.digest`, prefixed with `prefix`. */
export function formatIssuePath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Converts a zod error into an EventParseError whose message names every bad field. */
export function eventParseErrorFromZod(error: z.ZodError, prefix = ''): EventParseError {
  const issues = error.issues.map((issue) => ({
    path: formatIssuePath(prefix, issue.path),
    message: issue.message,
  }));
  return new EventParseError(issues, { cause: error });
}
