import { type LiveValidationIssue, LiveValidator } from 'oav';
import { armErrorShapeErrors, operationLabelErrors } from './arm-rules.js';
import { FidelityHarnessError } from './errors.js';
import { withoutKnownFalsePositives } from './known-false-positives.js';
import { toLivePair } from './live-pair.js';
import { LroTracker, pollErrors } from './lro-status.js';
import { azureFixturesRoot, missingSwaggerFiles, swaggerFiles } from './spec-files.js';
import type { ExchangeValidation, FidelityError, RecordedExchange } from './types.js';

/** Validates recorded ARM exchanges against the official Container Registry and Event Grid swaggers. */
export interface SwaggerValidator {
  /**
   * Checks one request/response pair: oav's live validation of both halves (operation lookup, path/query/body
   * parameters, status code, response headers and body, ARM LRO headers), plus the ARM rules in arm-rules.ts.
   * An exchange whose request matches no operation of the two swaggers is itself a violation, except ARM's
   * LRO polls, which are checked against ARM's polling contract (lro-status.ts); a `Location` poll's final
   * body is validated against the response schema of the operation that advertised it. Because of that
   * link, give a validator the exchanges of one recording in the order they happened.
   */
  validate(exchange: RecordedExchange): Promise<ExchangeValidation>;
}

let cached: Promise<SwaggerValidator> | undefined;

/**
 * Loads oav's LiveValidator with the two swaggers (not the whole specification tree) and builds each
 * operation's schema validator on first use. The instance is cached per process: loading takes about a second.
 */
export function createSwaggerValidator(): Promise<SwaggerValidator> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function load(): Promise<SwaggerValidator> {
  const missing = missingSwaggerFiles();
  if (missing.length > 0) {
    throw new FidelityHarnessError(`swagger files not found (is ../shared beside the repo?): ${missing.join(', ')}`);
  }
  const loadProblems: string[] = [];
  const live = new LiveValidator(
    {
      // oav consumes this array (shift()), so it gets its own copy.
      swaggerPaths: swaggerFiles.map((file) => file.path),
      directory: azureFixturesRoot,
      isArmCall: true,
      loadValidatorInBackground: false,
      loadValidatorInInitialize: false,
    },
    // oav logs through winston to the console by default; keep the test output clean, keep its errors.
    (message, level) => {
      if (level === 'error' || level === 'warn') loadProblems.push(message.split('\n')[0] ?? message);
    },
  );
  await live.initialize();
  if (loadProblems.length > 0) {
    throw new FidelityHarnessError(`oav could not load the swaggers:\n${loadProblems.join('\n')}`);
  }
  const lros = new LroTracker();
  return { validate: (exchange) => validateExchange(live, lros, exchange) };
}

async function validateExchange(
  live: LiveValidator,
  lros: LroTracker,
  exchange: RecordedExchange,
): Promise<ExchangeValidation> {
  if (lros.isPoll(exchange) && !matchesSwaggerOperation(live, exchange)) return validatePoll(live, lros, exchange);
  const result = await live.validateLiveRequestResponse(toLivePair(exchange));
  const runtime = result.runtimeException ?? result.requestValidationResult.runtimeException;
  const matched = runtime === undefined ? result.requestValidationResult.operationInfo.operationId : undefined;
  const errors: FidelityError[] = [];
  if (runtime !== undefined) {
    errors.push({ code: runtime.code, message: firstLine(runtime.message), path: 'request' });
  }
  // A request the swagger forbids is the point of an exchange the server rejected (a test of the emulator's
  // validation); the rejection itself is still checked below. Accepting such a request is a fidelity bug.
  // A 429 is no verdict on the request's content, so a throttled request is still checked.
  const { statusCode } = exchange.response;
  const rejected = statusCode >= 400 && statusCode < 500 && statusCode !== 429;
  if (!rejected) errors.push(...result.requestValidationResult.errors.map((issue) => toError('request', issue)));
  errors.push(...withoutKnownFalsePositives(result.responseValidationResult.errors.map((i) => toError('response', i))));
  const responseRuntime = result.responseValidationResult.runtimeException;
  // (when the request matched no operation, oav repeats that exception for the response: reported once)
  if (responseRuntime !== undefined && runtime === undefined) {
    errors.push({ code: responseRuntime.code, message: firstLine(responseRuntime.message), path: 'response' });
  }
  errors.push(...armErrorShapeErrors(exchange), ...operationLabelErrors(exchange, matched));
  lros.remember(exchange, matched);
  return { operationId: matched, errors };
}

async function validatePoll(
  live: LiveValidator,
  lros: LroTracker,
  exchange: RecordedExchange,
): Promise<ExchangeValidation> {
  const origin = lros.originOf(exchange.request.url);
  const errors = [...pollErrors(exchange, origin?.kind), ...armErrorShapeErrors(exchange)];
  const finalBody = exchange.response.statusCode === 200 && origin?.kind === 'location';
  if (finalBody && origin !== undefined) {
    const { liveResponse } = toLivePair(exchange);
    const result = await live.validateLiveResponse(liveResponse, {
      url: origin.url,
      method: origin.method.toLowerCase(),
    });
    errors.push(...result.errors.map((issue) => toError('response', issue)));
    if (result.runtimeException !== undefined) {
      errors.push({
        code: result.runtimeException.code,
        message: firstLine(result.runtimeException.message),
        path: 'response',
      });
    }
  }
  // A poll has no swagger operation of its own: it is reported under the operation it tracks.
  return { operationId: origin?.operationId, errors };
}

function matchesSwaggerOperation(live: LiveValidator, exchange: RecordedExchange): boolean {
  const { error } = live.getOperationInfo({ url: exchange.request.url, method: exchange.request.method.toLowerCase() });
  return error === undefined;
}

function toError(half: 'request' | 'response', issue: LiveValidationIssue): FidelityError {
  const where = issue.pathsInPayload?.[0] ?? '';
  return { code: String(issue.code), message: issue.message, path: `${half}${where}` };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
