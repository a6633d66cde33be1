import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { VulnSourceError } from './errors.js';
import { type ParsedRecord, parseOsvRecord } from './record.js';
import type { SecdbCollector } from './secdb.js';
import { readZipEntries } from './zip.js';

/** What reading a source yields: a record, or a file that could not be read as one (skipped, counted). */
export type SourceItem = { kind: 'record'; record: ParsedRecord } | { kind: 'invalid'; origin: string; reason: string };

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/** Parses one file's content: OSV JSON, OSV YAML (pypa/advisory-database style) or Alpine secdb YAML. */
function* parseFile(name: string, data: Buffer, secdb: SecdbCollector): Generator<SourceItem> {
  const textContent = data.toString('utf8');
  let doc: unknown;
  try {
    doc = isYaml(name) ? parse(textContent, { schema: 'failsafe' }) : JSON.parse(textContent);
  } catch (error) {
    yield { kind: 'invalid', origin: name, reason: `not valid ${isYaml(name) ? 'YAML' : 'JSON'}: ${String(error)}` };
    return;
  }
  if (isYaml(name) && typeof doc === 'object' && doc !== null && 'distroversion' in doc) {
    secdb.add(textContent, name);
    return;
  }
  // A JSON file may also hold an array of records (osv.dev query dumps).
  for (const raw of Array.isArray(doc) ? doc : [doc]) {
    const parsed = parseOsvRecord(raw);
    if (typeof parsed === 'string') yield { kind: 'invalid', origin: name, reason: parsed };
    else yield { kind: 'record', record: parsed };
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

const wanted = (name: string) => /\.(json|ya?ml|zip)$/i.test(name);

async function* readFileSource(path: string, secdb: SecdbCollector): AsyncGenerator<SourceItem> {
  if (/\.zip$/i.test(path)) {
    for await (const entry of readZipEntries(path)) {
      if (/\.(json|ya?ml)$/i.test(entry.name)) yield* parseFile(`${path}!/${entry.name}`, entry.data, secdb);
    }
    return;
  }
  yield* parseFile(path, await readFile(path), secdb);
}

/**
 * Reads every record of a source: a directory tree (each `.json`, `.yaml`/`.yml` and `.zip` file in it), a
 * single JSON or YAML file, or an OSV `all.zip`. Alpine secdb documents go to `secdb`, which merges them across
 * files before they become records.
 * @throws VulnSourceError when the source does not exist or is of another kind.
 * @throws ZipFormatError when an archive is corrupt.
 */
export async function* readSource(source: string, secdb: SecdbCollector): AsyncGenerator<SourceItem> {
  const info = await stat(source).catch((error: unknown) => {
    throw new VulnSourceError(`cannot read vulnerability source ${source}`, error);
  });
  if (info.isDirectory()) {
    for await (const path of walk(source)) if (wanted(path)) yield* readFileSource(path, secdb);
  } else if (info.isFile() && wanted(source)) {
    yield* readFileSource(source, secdb);
  } else {
    throw new VulnSourceError(`${source} is neither a directory nor a .json, .yaml or .zip file`);
  }
}
