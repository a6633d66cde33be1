import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';

/**
 * Reads the header block of Python core metadata (`METADATA`, `PKG-INFO`): RFC 822 headers up to the first blank
 * line (the body is the description). Repeated headers (Classifier) are collected.
 */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
    last = values;
  }
  return headers;
}

/** License-Expression (PEP 639) wins; else a short License field; else OSI classifiers. */
function licensesOf(headers: Map<string, string[]>): string[] {
  const expression = headers.get('license-expression')?.[0];
  if (expression) return [expression];
  const license = headers.get('license')?.[0];
  // Some projects paste the whole license text into License: only short values are names.
  if (license && license !== 'UNKNOWN' && !license.includes('\n') && license.length <= 100) return [license];
  return (headers.get('classifier') ?? [])
    .filter((c) => c.startsWith('License ::'))
    .map((c) => c.split('::').pop()!.trim());
}

/** One Python distribution from its core metadata. */
export function parsePythonMetadata(text: string, location: string): FoundPackage[] {
  const headers = parseCoreMetadata(text);
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return [];
  return [{ type: 'pypi', name, version, licenses: licensesOf(headers), location, foundBy: 'python-metadata' }];
}

/** `x.dist-info/METADATA`, `x.egg-info/PKG-INFO`, or distutils' single-file `x.egg-info`. */
const METADATA = /(?:^|\/)[^/]+\.(?:dist-info\/METADATA|egg-info\/PKG-INFO|egg-info)$/;

export const pythonCataloger: Cataloger = {
  name: 'python-metadata',
  maxBytes: 4 * 1024 * 1024,
  wants: (path) => METADATA.test(path),
  catalog: (path, content) => packageFindings(parsePythonMetadata(content.toString('utf8'), path)),
};
