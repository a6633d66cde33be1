/**
 * Keeps every ARM exchange (in memory for in-process tests, and as JSONL lines in `recordDir` for the
 * fidelity suite, which replays them through oav's LiveValidator). Secrets are redacted before either.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedExchange } from '../types.js';
import { redactBody, redactHeaders } from './redact.js';

export class Recorder {
  readonly requests: RecordedExchange[] = [];
  readonly #file: string | undefined;

  constructor(recordDir: string | undefined, label: string) {
    if (recordDir) {
      mkdirSync(recordDir, { recursive: true });
      this.#file = join(recordDir, `arm-${label}-${process.pid}-${Date.now()}.jsonl`);
    }
  }

  /** Where exchanges are appended, if anywhere. */
  get file(): string | undefined {
    return this.#file;
  }

  record(exchange: RecordedExchange): void {
    const safe: RecordedExchange = {
      ...exchange,
      request: {
        ...exchange.request,
        headers: redactHeaders(exchange.request.headers),
        body: redactBody(exchange.request.body),
      },
      response: { ...exchange.response, body: redactBody(exchange.response.body) },
    };
    this.requests.push(safe);
    // Synchronous append: lines stay whole and ordered even if the process ends right after.
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(safe)}\n`);
  }

  reset(): void {
    this.requests.length = 0;
  }
}
