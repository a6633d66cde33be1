import { InvalidCvssVectorError } from '../errors.js';

/** Metric name → allowed values, in the specification's order. */
export type MetricTable = Record<string, readonly string[]>;

/**
 * Splits `PREFIX/K:V/K:V…` and checks every metric against `table`: no unknown metric, no duplicate, no
 * unknown value, every `mandatory` metric present. Order is not enforced (scanners emit both orders).
 */
export function parseMetrics(
  vector: string,
  prefix: string,
  table: MetricTable,
  mandatory: readonly string[],
): Record<string, string> {
  const fail = (reason: string) => new InvalidCvssVectorError(vector, reason);
  const parts = vector.split('/');
  if (parts[0] !== prefix) throw fail(`expected it to start with ${prefix}/`);
  const metrics: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const m = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!m) throw fail(`malformed metric ${JSON.stringify(part)}`);
    const [, key, value] = m as unknown as [string, string, string];
    if (!Object.hasOwn(table, key)) throw fail(`unknown metric ${key}`);
    if (Object.hasOwn(metrics, key)) throw fail(`metric ${key} given twice`);
    if (!table[key]!.includes(value)) throw fail(`${key} cannot be ${value} (allowed: ${table[key]!.join(', ')})`);
    metrics[key] = value;
  }
  const missing = mandatory.filter((k) => !Object.hasOwn(metrics, k));
  if (missing.length) throw fail(`missing base metric${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return metrics;
}
