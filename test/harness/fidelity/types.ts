/**
 * One ARM request/response pair as the emulator records it (a line of the JSONL recording). Structurally the
 * emulator's `RecordedExchange` (test/harness/arm), restated here so the validator depends only on the data.
 */
export interface RecordedExchange {
  /** The swagger operationId the emulator believes it served, e.g. `Tokens_Create`; undefined when it has none. */
  operationId: string | undefined;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { statusCode: number; headers: Record<string, string>; body: unknown };
  startedAt: number;
  durationMs: number;
}

/** One way an exchange departs from the official swagger (or from the ARM rules the swaggers rely on). */
export interface FidelityError {
  /** oav's error code (`OBJECT_ADDITIONAL_PROPERTIES`, `INVALID_RESPONSE_CODE`, …) or one of the harness's own. */
  code: string;
  message: string;
  /** Where in the exchange: `request`/`response`, then oav's JSON pointer (`/body/properties/status`). */
  path: string;
}

/** The verdict on one exchange. */
export interface ExchangeValidation {
  /** The swagger operation the request matched (oav's own search, not the emulator's label); undefined if none. */
  operationId: string | undefined;
  errors: FidelityError[];
}
