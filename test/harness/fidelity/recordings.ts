import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord } from './arm-rules.js';
import type { RecordedExchange } from './types.js';

/** An exchange read back from a JSONL recording, with where it came from. */
export interface RecordedLine {
  file: string;
  line: number;
  exchange: RecordedExchange;
}

/** A line that is not a recorded exchange (a truncated write, a format drift): reported, never skipped. */
export interface UnreadableLine {
  file: string;
  line: number;
  problem: string;
}

/**
 * Reads every `*.jsonl` recording in `dir` (files in name order, lines in write order, which keeps each
 * LRO poll after the operation that started it). A missing directory reads as no recordings.
 */
export async function readRecordings(
  dir: string,
): Promise<{ exchanges: RecordedLine[]; unreadable: UnreadableLine[] }> {
  const exchanges: RecordedLine[] = [];
  const unreadable: UnreadableLine[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exchanges, unreadable };
    throw error;
  }
  for (const name of names) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      const where = { file: name, line: index + 1 };
      try {
        const parsed: unknown = JSON.parse(text);
        const problem = shapeProblem(parsed);
        if (problem === undefined) exchanges.push({ ...where, exchange: parsed as RecordedExchange });
        else unreadable.push({ ...where, problem });
      } catch (error) {
        unreadable.push({ ...where, problem: `not JSON: ${(error as Error).message}` });
      }
    });
  }
  return { exchanges, unreadable };
}

function shapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  const { request, response } = value;
  if (!isRecord(request) || typeof request.method !== 'string' || typeof request.url !== 'string') {
    return 'request.method/url missing';
  }
  if (!isRecord(response) || typeof response.statusCode !== 'number') return 'response.statusCode missing';
  if (value.operationId !== undefined && value.operationId !== null && typeof value.operationId !== 'string') {
    return 'operationId is not a string';
  }
  if (value.operationId === null) value.operationId = undefined;
  request.headers ??= {};
  response.headers ??= {};
  return undefined;
}
