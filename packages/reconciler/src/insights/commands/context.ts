/** What every insight command shares: connection, colour, output, error handling and secret redaction. */

import type { ScoutClient } from '@scout-acr/sdk/client';
import { redactor, useColor } from '../../cli/output.js';
import { type ConnectionOptions, connect } from '../connection.js';
import { describeInsightFailure } from '../exit.js';
import { type Paint, painter } from '../table.js';

/** Options common to every insight command. */
export interface CommonOptions extends ConnectionOptions {
  color?: boolean | undefined;
}

/** The running command's tools. */
export interface InsightContext {
  client: ScoutClient;
  paint: Paint;
  /** Writes to stdout (secrets redacted). */
  out(text: string): void;
  /** Writes a note to stderr (secrets redacted). */
  note(text: string): void;
}

/**
 * Runs an insight command: connects, runs `body`, and turns its result or failure into the exit code. Any API key
 * value is replaced by `(sensitive)` in everything written.
 */
export async function runInsight(
  options: CommonOptions,
  body: (ctx: InsightContext) => Promise<number | undefined>,
): Promise<number> {
  let redact = (text: string) => text;
  try {
    const { client, secrets } = connect(options);
    redact = redactor(secrets);
    const paint = painter(useColor(options.color));
    const ctx: InsightContext = {
      client,
      paint,
      out: (text) => process.stdout.write(redact(text)),
      note: (text) => process.stderr.write(redact(text)),
    };
    return (await body(ctx)) ?? 0;
  } catch (error) {
    const { message, code } = describeInsightFailure(error);
    process.stderr.write(redact(`scout-acr: ${message}\n`));
    return code;
  }
}

/**
 * Shows `label…` on stderr when the work takes over a second and stderr is a terminal, so slow calls do not look
 * hung; nothing is written otherwise (pipes, CI logs).
 */
export async function withProgress<T>(label: string, work: Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work;
  const timer = setTimeout(() => process.stderr.write(`${label}…`), 1_000);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    process.stderr.write('\r\u001b[K');
  }
}
