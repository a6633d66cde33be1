/** Fault planning, the seeded PRNG, LRO bookkeeping and recording redaction. */
import { describe, expect, it } from 'vitest';
import { Faults } from '../../harness/arm/faults/injector.js';
import { mulberry32 } from '../../harness/arm/faults/prng.js';
import { type OperationOutcome, OperationStore } from '../../harness/arm/lro/operations.js';
import { redactBody, redactHeaders } from '../../harness/arm/recording/redact.js';

const req = { method: 'GET', path: '/subscriptions/s/x', operationId: 'Tokens_List' };

describe('faults', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const seq = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seq);
    expect(seq.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('applies a rule only `times` times and only to matching requests', () => {
    const faults = new Faults();
    faults.add({ kind: 'throttle', times: 2, match: { operationId: 'Tokens_List' } });
    expect(faults.plan({ ...req, operationId: 'Tokens_Get' }).fault).toBeUndefined();
    expect(faults.plan(req).fault).toEqual({ kind: 'throttle', status: 429, retryAfterSeconds: 1 });
    expect(faults.plan(req).fault?.kind).toBe('throttle');
    expect(faults.plan(req).fault).toBeUndefined();
  });

  it('adds latency from latency rules alongside another fault', () => {
    const faults = new Faults();
    faults.add({ kind: 'latency', latencyMs: 5 });
    faults.add({ kind: 'error', status: 502 });
    expect(faults.plan(req)).toEqual({ latencyMs: 5, fault: { kind: 'error', status: 502 } });
  });

  it('random mode injects about `rate` of requests, with only the allowed kinds', () => {
    const faults = new Faults();
    faults.random({ seed: 3, rate: 0.3, kinds: ['drop'] });
    const plans = Array.from({ length: 1000 }, () => faults.plan(req).fault);
    const dropped = plans.filter((f) => f?.kind === 'drop').length;
    expect(plans.every((f) => f === undefined || f.kind === 'drop')).toBe(true);
    expect(dropped).toBeGreaterThan(200);
    expect(dropped).toBeLessThan(400);
    faults.clear();
    expect(faults.plan(req).fault).toBeUndefined();
  });
});

describe('long-running operations', () => {
  it('answers in progress for pollsBeforeDone polls, then completes once', async () => {
    const store = new OperationStore(2);
    let completed = 0;
    const id = store.start({ complete: () => ++completed });
    expect((await store.poll(id))?.status).toBe('InProgress');
    expect((await store.poll(id))?.status).toBe('InProgress');
    const done = await store.poll(id);
    expect(done).toMatchObject({ status: 'Succeeded', result: 1 });
    expect(done?.endTime).toBeDefined();
    await store.poll(id);
    expect(completed).toBe(1);
    expect(await store.poll('unknown')).toBeUndefined();
  });

  it('waits for its gate and fails with the gate error', async () => {
    const store = new OperationStore(0);
    let settle!: (o: OperationOutcome) => void;
    const gate = new Promise<OperationOutcome>((r) => {
      settle = r;
    });
    const outcomes: OperationOutcome[] = [];
    const id = store.start({ gate, complete: (o) => outcomes.push(o) });
    expect((await store.poll(id, 1))?.status).toBe('InProgress');
    settle({ ok: false, error: { code: 'Url validation', message: 'no' } });
    const done = await store.poll(id);
    expect(done).toMatchObject({ status: 'Failed', error: { code: 'Url validation' } });
    expect(outcomes).toHaveLength(1);
  });

  it('serves a secret result once, then only its redacted form', async () => {
    const store = new OperationStore(0);
    const id = store.start({ complete: () => ({ value: 'secret' }), redactResult: () => ({ value: '(sensitive)' }) });
    expect((await store.poll(id))?.result).toEqual({ value: 'secret' });
    expect((await store.poll(id))?.result).toEqual({ value: '(sensitive)' });
  });
});

describe('recording redaction', () => {
  it('removes password values, webhook URLs, secret header values and bearer tokens', () => {
    const body = {
      username: 't',
      passwords: [{ name: 'password1', value: 'pw-value' }],
      properties: {
        destination: {
          properties: {
            endpointUrl: 'https://hook.example/path/secret-path?code=abc',
            deliveryAttributeMappings: [{ name: 'h', type: 'Static', properties: { value: 'hidden', isSecret: true } }],
          },
        },
      },
    };
    const text = JSON.stringify(redactBody(body));
    for (const secret of ['pw-value', 'secret-path', 'abc', 'hidden']) expect(text).not.toContain(secret);
    expect(text).toContain('https://hook.example/(sensitive)');
    expect(redactHeaders({ authorization: 'Bearer eyJ.abc' })).toEqual({ authorization: 'Bearer (sensitive)' });
    expect(body.passwords[0]!.value).toBe('pw-value');
  });
});
