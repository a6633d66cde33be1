import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';

/**
 * Parses Alpine's installed database (`lib/apk/db/installed`): one record per package, separated by blank lines,
 * each line `<letter>:<value>` (P name, V version, A arch, L license, o origin = source package).
 */
export function parseApkInstalled(text: string, location: string): FoundPackage[] {
  const packages: FoundPackage[] = [];
  for (const record of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of record.split('\n')) {
      if (line.length > 2 && line[1] === ':' && !fields.has(line[0]!)) fields.set(line[0]!, line.slice(2).trim());
    }
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    const pkg: FoundPackage = {
      type: 'apk',
      name,
      version,
      // L holds one SPDX expression ("MIT AND BSD-2-Clause"): kept whole, as declared.
      licenses: fields.get('L') ? [fields.get('L')!] : [],
      source: { name: fields.get('o') ?? name, version },
      location,
      foundBy: 'apk',
    };
    const arch = fields.get('A');
    if (arch) pkg.arch = arch;
    packages.push(pkg);
  }
  return packages;
}

export const apkCataloger: Cataloger = {
  name: 'apk',
  maxBytes: 64 * 1024 * 1024,
  wants: (path) => path === 'lib/apk/db/installed',
  catalog: (path, content) => packageFindings(parseApkInstalled(content.toString('utf8'), path)),
};
