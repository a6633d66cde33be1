/** Loads the official schemas (from their npm packages) and the vendored subsets, and compiles validators. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// CommonJS packages: require() gives their exports with correct types under NodeNext.
const { Ajv } = require('ajv') as typeof import('ajv');
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const here = dirname(fileURLToPath(import.meta.url));

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export type Validator = (doc: unknown) => ErrorObject[];

function wrap(validate: ValidateFunction): Validator {
  return (doc) => (validate(doc) ? [] : [...(validate.errors ?? [])]);
}

/** CycloneDX 1.6, with the spdx and jsf schemas it references, from @cyclonedx/cyclonedx-library. */
export const cycloneDxValidator = once(compileCycloneDx);

function compileCycloneDx(): Validator {
  const dir = join(packageDir('@cyclonedx/cyclonedx-library'), 'res/schema');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // ajv-formats has no IRI formats: approximate them (an IRI reference has no whitespace or control characters).
  ajv.addFormat('iri-reference', (value: string) => !/[\s\p{Cc}<>"{}|\\^`]/u.test(value));
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  // bom-1.6 references its siblings by file name, relative to its own $id.
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    const { $id: _ignored, ...schema } = readJson(join(dir, name));
    ajv.addSchema(schema, `http://cyclonedx.org/schema/${name}`);
  }
  return wrap(ajv.compile(readJson(join(dir, 'bom-1.6.SNAPSHOT.schema.json'))));
}

/** SARIF 2.1.0 (draft-04) from @microsoft/jest-sarif. */
export const sarifValidator = once(compileSarif);

function compileSarif(): Validator {
  const file = join(packageDir('@microsoft/jest-sarif'), 'lib/schemas/sarif-2.1.0-rtm.5.json');
  // The schema's `language` pattern is not valid with the regex `u` flag (`[a-zA-Z]{2}]?`): compile without it.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return wrap(ajv.compile(readJson(file)));
}

/** A vendored schema from ./schemas (see its README for provenance). */
const vendored = new Map<string, Validator>();

export function vendoredValidator(file: string): Validator {
  const cached = vendored.get(file);
  if (cached !== undefined) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validator = wrap(ajv.compile(readJson(join(here, 'schemas', file))));
  vendored.set(file, validator);
  return validator;
}

/** Compiling the CycloneDX schema takes a few seconds: do it once per test file. */
function once(compile: () => Validator): () => Validator {
  let validator: Validator | undefined;
  return () => {
    validator ??= compile();
    return validator;
  };
}
