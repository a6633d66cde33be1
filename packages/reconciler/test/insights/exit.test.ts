import { ScoutApiError } from '@scout-acr/sdk';
import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/insights/connection.js';
import { ImageNotAnalyzedError, ImageNotFoundError, InsightUsageError } from '../../src/insights/errors.js';
import { describeInsightFailure } from '../../src/insights/exit.js';

const api = (status: number | undefined, code: string) => new ScoutApiError('x', { status, code, operationId: 'op' });

describe('insight exit codes', () => {
  it('gives each failure its documented code', () => {
    const code = (e: unknown) => describeInsightFailure(e).code;
    expect(code(new InsightUsageError('x'))).toBe(64);
    expect(code(new ImageNotFoundError('x'))).toBe(3);
    expect(code(new ImageNotAnalyzedError('x'))).toBe(4);
    expect(code(api(409, 'NotAnalyzed'))).toBe(4);
    expect(code(api(undefined, 'NetworkError'))).toBe(69);
    expect(code(api(401, 'Unauthorized'))).toBe(77);
    expect(code(api(500, 'Internal'))).toBe(1);
  });
});

describe('resolveConnection', () => {
  it('prefers flags over the environment and keeps the key wrapped', () => {
    const env = { SCOUT_ACR_SERVER: 'http://env', SCOUT_ACR_API_KEY: 'sacr_env_key' };
    const fromEnv = resolveConnection({}, env);
    expect(fromEnv.baseUrl).toBe('http://env');
    expect(String(fromEnv.apiKey)).not.toContain('sacr_env_key');
    expect(fromEnv.apiKey.reveal()).toBe('sacr_env_key');
    expect(resolveConnection({ server: 'http://flag', apiKey: 'sacr_flag' }, env).apiKey.reveal()).toBe('sacr_flag');
    expect(() => resolveConnection({}, {})).toThrow(InsightUsageError);
  });
});
