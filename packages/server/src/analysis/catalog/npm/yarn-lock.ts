import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';
import { npmPackage } from './npm-package.js';

/** The package name of a yarn descriptor: `@s/n@^1`, `n@npm:1.2.3`, `"n@patch:…"` → `@s/n` / `n`. */
function descriptorName(descriptor: string): string | undefined {
  const spec = descriptor.trim().replace(/^"|"$/g, '');
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : undefined;
}

/**
 * Parses yarn.lock, classic (v1: `version "1.2.3"`) and Berry (v2+, YAML: `version: 1.2.3`). Berry workspace
 * entries (`@workspace:`) and `__metadata` are skipped; one package per resolved block.
 */
export function parseYarnLock(text: string, location: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  const seen = new Set<string>();
  let names: string[] = [];
  let skip = false;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      const header = line.replace(/:\s*$/, '');
      skip = header === '__metadata' || header.includes('@workspace:') || header.includes('@link:');
      names = [
        ...new Set(
          header
            .split(/,\s*/)
            .map(descriptorName)
            .filter((n): n is string => !!n),
        ),
      ];
      continue;
    }
    const match = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line);
    if (!match || skip || names.length === 0) continue;
    const version = match[1]!;
    for (const name of names) {
      const key = `${name}@${version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(npmPackage(name, version, location, 'yarn-lock'));
    }
  }
  return out;
}

export const yarnLockCataloger: Cataloger = {
  name: 'yarn-lock',
  maxBytes: 64 * 1024 * 1024,
  wants: (path) => (path === 'yarn.lock' || path.endsWith('/yarn.lock')) && !path.includes('node_modules/'),
  catalog: (path, content) => packageFindings(parseYarnLock(content.toString('utf8'), path)),
};
