import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const published = [
  join(here, '../../schema/scout-acr.schema.json'),
  join(here, '../../../../docs/scout-acr.schema.json'),
];

describe('published JSON Schema', () => {
  it.each(published)(
    '%s is generated from the zod schema (run `pnpm --filter @scout-acr/reconciler gen:schema`)',
    (file) => {
      const expected = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
      expect(readFileSync(file, 'utf8')).toBe(expected);
    },
  );

  it('describes the fields editors complete', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['version', 'server', 'azure', 'registries']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'server', 'registries']));
  });
});
