import { redactText, redactUrl } from '@scout-acr/sdk';
import { isRecord } from './arm-rules.js';
import type { FidelityError, RecordedExchange } from './types.js';

/** One failed check, ready to print. */
export interface Violation {
  operation: string;
  method: string;
  url: string;
  status: number;
  error: FidelityError;
  /** `file:line` of the recording, or a test-chosen label. */
  source: string;
}

/** Builds a violation with every secret the exchange carried (webhook URLs, token passwords) redacted. */
export function toViolation(
  exchange: RecordedExchange,
  operationId: string | undefined,
  error: FidelityError,
  source: string,
): Violation {
  const secrets = secretsOf(exchange);
  return {
    operation: operationId ?? exchange.operationId ?? '(no swagger operation)',
    method: exchange.request.method.toUpperCase(),
    url: redactText(redactUrl(pathAndQuery(exchange.request.url)), secrets),
    status: exchange.response.statusCode,
    error: { ...error, message: redactText(redactUrl(error.message), secrets) },
    source,
  };
}

/** One line per violation: operation, request, status, error code, where, message. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.operation}: ${v.method} ${v.url} → ${v.status}: ${v.error.code} at ${v.error.path}: ${v.error.message} (${v.source})`,
    )
    .join('\n');
}

/** The line the fidelity suite prints, e.g. `swagger fidelity: 412 exchanges, 27 operations, 0 violations`. */
export function summaryLine(label: string, exchanges: number, operations: number, violations: number): string {
  return `${label}: ${exchanges} exchanges, ${operations} operations, ${violations} violations`;
}

function pathAndQuery(url: string): string {
  try {
    const parsed = new URL(url, 'https://management.azure.com');
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** Secret values an ARM exchange may carry: webhook endpoint URLs and generated token passwords. */
function secretsOf(exchange: RecordedExchange): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (key === 'endpointUrl' || key === 'value' || key === 'password') found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(exchange.request.body, '');
  visit(exchange.response.body, '');
  return found;
}
