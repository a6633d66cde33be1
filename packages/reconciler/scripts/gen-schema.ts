import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../src/config/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
for (const file of [join(here, '../schema/scout-acr.schema.json'), join(here, '../../../docs/scout-acr.schema.json')]) {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
