import type { FidelityError, RecordedExchange } from './types.js';

/**
 * ARM rules the swaggers rely on but do not always state. Event Grid's swagger declares its error responses
 * without a schema, so oav accepts any error body there; ARM's resource-provider contract (and every Azure SDK's
 * error parsing) requires `{"error":{"code","message"}}` on every 4xx/5xx with a body.
 */
export function armErrorShapeErrors(exchange: RecordedExchange): FidelityError[] {
  const { statusCode, body } = exchange.response;
  if (statusCode < 400) return [];
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') return [];
  return [
    {
      code: 'ARM_ERROR_SHAPE',
      message: `a ${statusCode} response must carry {"error":{"code":string,"message":string}}`,
      path: 'response/body/error',
    },
  ];
}

/** The emulator's own operation label must be the operation oav matched, or call counts built on it are wrong. */
export function operationLabelErrors(exchange: RecordedExchange, matched: string | undefined): FidelityError[] {
  if (exchange.operationId === undefined || matched === undefined || exchange.operationId === matched) return [];
  return [
    {
      code: 'OPERATION_ID_MISMATCH',
      message: `emulator labelled the exchange ${exchange.operationId}, the swagger operation is ${matched}`,
      path: 'request',
    },
  ];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
