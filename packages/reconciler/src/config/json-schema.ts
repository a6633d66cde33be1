import { z } from 'zod';
import { RawConfigSchema } from './schema.js';

/** JSON Schema of scout-acr.yaml as written (references allowed), for `# yaml-language-server: $schema=`. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RawConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://scout-acr.dev/schema/scout-acr.schema.json',
    title: 'scout-acr.yaml',
  };
}
