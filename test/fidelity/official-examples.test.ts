import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmEmulator, startArmEmulator } from '../harness/arm/index.js';
import { type HandshakeWebhook, startHandshakeWebhook } from '../harness/fidelity/handshake-webhook.js';
import {
  createSwaggerValidator,
  formatViolations,
  loadOfficialExamples,
  type OfficialExample,
  repoRoot,
  type SwaggerValidator,
  toViolation,
} from '../harness/fidelity/index.js';
import {
  armRequest,
  compareResponse,
  planFor,
  runEveryOperation,
  type TestWorld,
  waitForLro,
} from '../harness/fidelity/replay/index.js';

/**
 * The emulator reproduces Microsoft's official examples (the x-ms-examples of the operations it serves):
 * each example runs against a fresh emulator, seeded with what its request presupposes; the answer's status
 * must be one the example lists and its body must match the example's on every field that is not
 * instance-specific (see replay/body-match.ts and replay/test-world.ts for what is substituted or ignored).
 * Every exchange, seeding included, also goes through the swagger validator.
 */
const examples = loadOfficialExamples();
/** This file's emulators record here, not in the run's directory that recorded-traffic.test.ts reads. */
const recordDir = join(repoRoot, '.artifacts', 'fidelity-examples');

let webhook: HandshakeWebhook;
let world: TestWorld;
let validator: SwaggerValidator;

beforeAll(async () => {
  await rm(recordDir, { recursive: true, force: true });
  webhook = await startHandshakeWebhook();
  world = { webhookUrl: webhook.url };
  validator = await createSwaggerValidator();
});

afterAll(async () => {
  await webhook?.close();
});

async function withEmulator<T>(subscriptionId: string, run: (emulator: ArmEmulator) => Promise<T>): Promise<T> {
  const emulator = await startArmEmulator({ subscriptionId, recordDir });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

async function swaggerViolations(emulator: ArmEmulator): Promise<string> {
  const violations = [];
  for (const [index, exchange] of emulator.requests.entries()) {
    const result = await validator.validate(exchange);
    for (const error of result.errors) violations.push(toViolation(exchange, result.operationId, error, `#${index}`));
  }
  return formatViolations(violations);
}

describe('official examples', () => {
  it('are present for every operation scout-acr uses', () => {
    expect(new Set(examples.map((example) => example.operationId)).size).toBe(27);
  });

  for (const example of examples) {
    it(`${example.operationId}: ${example.file.split('/').pop()}`, async () => {
      await withEmulator(String(example.parameters.subscriptionId), (emulator) => replay(example, emulator));
    });
  }
});

async function replay(example: OfficialExample, emulator: ArmEmulator): Promise<void> {
  const plan = planFor(example, world);
  await plan.seed({ emulator, world });
  const first = await armRequest(emulator, plan.method, plan.path, plan.body);
  const status = String(first.statusCode);
  expect(Object.keys(example.responses), `status ${status}, body ${JSON.stringify(first.body)}`).toContain(status);
  const lroRunning = first.headers['azure-asyncoperation'] !== undefined || first.statusCode === 202;
  const final = await waitForLro(emulator, first);
  const outcome = (final?.body as { status?: string } | undefined)?.status ?? '';
  expect(outcome, `LRO outcome ${JSON.stringify(final?.body)}`).not.toMatch(/Failed|Canceled/);
  const mismatches = compareResponse(plan, status, first.body, { lroRunning });
  if (first.statusCode === 202 && final?.statusCode === 200 && final.body !== undefined) {
    // A Location LRO hands its result over at the end: that is the example's 200 body.
    mismatches.push(...compareResponse(plan, '200', final.body, { lroRunning: false }));
  }
  if (lroRunning && (plan.method === 'PUT' || plan.method === 'PATCH')) {
    // Once the LRO is done the resource reads back as the example shows it, provisioningState included.
    const settled = await armRequest(emulator, 'GET', plan.path);
    const done = example.responses['200'] ? '200' : status;
    for (const m of compareResponse(plan, done, settled.body, { lroRunning: false })) {
      mismatches.push({ ...m, path: `after LRO: ${m.path}` });
    }
  }
  expect(mismatches, plan.ignoreReason).toEqual([]);
  expect(await swaggerViolations(emulator)).toBe('');
}

describe('every emulated operation', () => {
  it('is served once in a provision-then-remove scenario, all matching the swaggers', async () => {
    await withEmulator('11111111-2222-3333-4444-555555555555', async (emulator) => {
      const steps = await runEveryOperation({ emulator, world });
      const failed = steps.filter((step) => step.first.statusCode >= 400 || step.final.statusCode >= 400);
      expect(failed.map((s) => `${s.operationId} → ${s.first.statusCode} ${JSON.stringify(s.first.body)}`)).toEqual([]);
      const covered = new Set<string>();
      for (const exchange of emulator.requests) {
        const result = await validator.validate(exchange);
        if (result.operationId !== undefined) covered.add(result.operationId);
      }
      const expected = new Set(examples.map((example) => example.operationId));
      expect([...expected].filter((op) => !covered.has(op))).toEqual([]);
      expect(await swaggerViolations(emulator)).toBe('');
      expect(webhook.handshakes()).toBeGreaterThan(0);
    });
  });
});
