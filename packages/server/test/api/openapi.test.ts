import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '@scout-acr/sdk/client';
import { describe, expect, it } from 'vitest';
import { SERVER_VERSION } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('OpenAPI document', () => {
  it('docs/openapi.json is up to date with the zod contract', () => {
    const committed = JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8'));
    expect(
      committed,
      'docs/openapi.json is stale: run `pnpm exec tsx --conditions=@scout-acr/source packages/server/src/cli.ts openapi > docs/openapi.json`',
    ).toEqual(buildOpenApiDocument(SERVER_VERSION));
  });

  it('is OpenAPI 3.1 with an operation per contract route and only resolvable references', () => {
    const doc = buildOpenApiDocument(SERVER_VERSION) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(operations).size).toBe(operations.length);
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.slice(22, -1));
  });
});
