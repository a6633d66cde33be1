import { describe, expect, it } from 'vitest';
import {
  createSwaggerValidator,
  exampleExchanges,
  loadOfficialExamples,
  type RecordedExchange,
} from '../harness/fidelity/index.js';

/**
 * Self-check of the validator wrapper: the official examples are request/response pairs Microsoft publishes
 * for these very swaggers, so each must validate with no error; and deliberately broken copies must not.
 */
const examples = loadOfficialExamples();

describe('swagger validator on the official examples', () => {
  it('finds the example files of both swaggers', () => {
    const operations = new Set(examples.map((example) => example.operationId));
    expect(operations).toContain('Tokens_Create');
    expect(operations).toContain('SystemTopicEventSubscriptions_CreateOrUpdate');
    expect(examples.length).toBeGreaterThanOrEqual(27);
  });

  for (const example of examples) {
    for (const exchange of exampleExchanges(example)) {
      it(`${example.title} → ${exchange.response.statusCode}`, async () => {
        const validator = await createSwaggerValidator();
        const result = await validator.validate(exchange);
        expect(result.errors).toEqual([]);
        expect(result.operationId).toBe(example.operationId);
      });
    }
  }
});

describe('swagger validator catches real mismatches', () => {
  const tokenCreate = exchangeOf('Tokens_Create', 200);
  const subscriptionCreate = exchangeOf('SystemTopicEventSubscriptions_CreateOrUpdate', 201);

  it('a response property of the wrong type', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      (e.response.body as { properties: { status: unknown } }).properties.status = true;
    });
    expect(codes(await validate(exchange))).toContain('INVALID_TYPE');
  });

  it('a missing required request property', async () => {
    const exchange = mutate(subscriptionCreate, (e) => {
      const body = e.request.body as { properties: { destination: { endpointType?: string } } };
      delete body.properties.destination.endpointType;
    });
    expect(codes(await validate(exchange)).length).toBeGreaterThan(0);
  });

  it('a response property the swagger does not define', async () => {
    const exchange = mutate(subscriptionCreate, (e) => {
      (e.response.body as { properties: Record<string, unknown> }).properties.surprise = true;
    });
    expect(codes(await validate(exchange))).toContain('OBJECT_ADDITIONAL_PROPERTIES');
  });

  it('a status code the operation does not document', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.response.statusCode = 203;
    });
    expect(codes(await validate(exchange))).toContain('INVALID_RESPONSE_CODE');
  });

  it('an invalid token name the server accepted', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.request.url = e.request.url.replace('/tokens/myToken', '/tokens/my_token');
    });
    expect(codes(await validate(exchange))).toContain('PATTERN');
  });

  it('the same invalid name, rejected with an ARM error, is faithful', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.request.url = e.request.url.replace('/tokens/myToken', '/tokens/my_token');
      e.response = {
        statusCode: 400,
        headers: { 'content-type': 'application/json' },
        body: { error: { code: 'InvalidRequest', message: 'bad token name' } },
      };
    });
    expect(await validate(exchange)).toEqual([]);
  });

  it('an invalid request that was only throttled', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.request.url = e.request.url.replace('/tokens/myToken', '/tokens/my_token');
      e.response = {
        statusCode: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'slow down' } },
      };
    });
    expect(codes(await validate(exchange))).toContain('PATTERN');
  });

  it('an Event Grid error without the ARM error shape', async () => {
    const exchange = mutate(subscriptionCreate, (e) => {
      e.response = { statusCode: 404, headers: { 'content-type': 'application/json' }, body: { message: 'gone' } };
    });
    expect(codes(await validate(exchange))).toEqual(['ARM_ERROR_SHAPE']);
  });

  it('a request that matches no operation of the two swaggers', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.request.url = e.request.url.replace('/tokens/myToken', '/tokenz/myToken');
      e.operationId = undefined;
    });
    const errors = await validate(exchange);
    expect(errors, JSON.stringify(errors)).toHaveLength(1);
    expect(errors[0]?.code).toMatch(/^OPERATION_NOT_FOUND/);
  });

  it('an emulator label that is not the matched operation', async () => {
    const exchange = mutate(tokenCreate, (e) => {
      e.operationId = 'Tokens_Update';
    });
    expect(codes(await validate(exchange))).toEqual(['OPERATION_ID_MISMATCH']);
  });

  it('a 201 create without Azure-AsyncOperation is allowed, a 202 delete without Location is not', async () => {
    const scopeMapDelete = mutate(exchangeOf('ScopeMaps_Delete', 202), (e) => {
      e.response.headers = {};
    });
    // ScopeMaps_Delete's 202 has no schema, so oav's LRO header rule does not apply: ARM's does not either
    // (the SDK falls back to polling the resource), which is why the example itself carries Location.
    expect(await validate(scopeMapDelete)).toEqual([]);
  });
});

describe('LRO polls', () => {
  const created = exchangeOf('Tokens_Create', 201);
  const statusUrl = created.response.headers['Azure-AsyncOperation'] as string;
  const generated = exchangeOf('Registries_GenerateCredentials', 202);
  const locationUrl = generated.response.headers.Location as string;
  const finalResult = exchangeOf('Registries_GenerateCredentials', 200).response;

  it('checks an Azure-AsyncOperation status body', async () => {
    const validator = await createSwaggerValidator();
    expect((await validator.validate(created)).errors).toEqual([]);
    const ok = poll(statusUrl, 200, { status: 'Succeeded' });
    expect(await validator.validate(ok)).toEqual({ operationId: 'Tokens_Create', errors: [] });
    const failedWithoutError = poll(statusUrl, 200, { status: 'Failed' });
    expect(codes((await validator.validate(failedWithoutError)).errors)).toEqual(['LRO_POLL_BODY']);
    const noStatus = poll(statusUrl, 200, { state: 'Done' });
    expect(codes((await validator.validate(noStatus)).errors)).toEqual(['LRO_POLL_BODY']);
  });

  it('validates a Location poll’s final body against the operation that advertised it', async () => {
    const validator = await createSwaggerValidator();
    expect((await validator.validate(generated)).errors).toEqual([]);
    expect((await validator.validate(poll(locationUrl, 202, undefined))).errors).toEqual([]);
    const done = poll(locationUrl, 200, finalResult.body);
    expect(await validator.validate(done)).toEqual({ operationId: 'Registries_GenerateCredentials', errors: [] });
    const wrong = poll(locationUrl, 200, { username: 'myToken', passwords: 'password1' });
    expect(codes((await validator.validate(wrong)).errors)).toContain('INVALID_TYPE');
  });
});

function exchangeOf(operationId: string, status: number): RecordedExchange {
  for (const example of examples) {
    if (example.operationId !== operationId) continue;
    const exchange = exampleExchanges(example).find((e) => e.response.statusCode === status);
    if (exchange) return exchange;
  }
  throw new Error(`no example of ${operationId} → ${status}`);
}

function mutate(exchange: RecordedExchange, change: (copy: RecordedExchange) => void): RecordedExchange {
  const copy = structuredClone(exchange);
  change(copy);
  return copy;
}

function poll(url: string, statusCode: number, body: unknown): RecordedExchange {
  return {
    operationId: undefined,
    request: { method: 'GET', url, headers: {}, body: undefined },
    response: { statusCode, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body },
    startedAt: 0,
    durationMs: 0,
  };
}

async function validate(exchange: RecordedExchange) {
  return (await (await createSwaggerValidator()).validate(exchange)).errors;
}

function codes(errors: Array<{ code: string }>): string[] {
  return errors.map((error) => error.code);
}
