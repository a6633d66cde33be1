import { type Cataloger, type FoundPackage, packageFindings, type SourcePackage } from '../types.js';
import { parseControlParagraphs } from './control-file.js';

/** Parses a dpkg status database (or a distroless `status.d/<name>` file) into installed packages. */
export function parseDpkgStatus(text: string, location: string): FoundPackage[] {
  const packages: FoundPackage[] = [];
  for (const fields of parseControlParagraphs(text)) {
    const name = fields.Package;
    const version = fields.Version;
    if (!name || !version) continue;
    // Status is "<want> <flag> <state>"; only "installed" means the files are there. Distroless omits Status.
    if (fields.Status !== undefined && !fields.Status.trim().endsWith(' installed')) continue;
    const pkg: FoundPackage = {
      type: 'deb',
      name,
      version,
      licenses: [],
      source: sourceOf(fields.Source, name, version),
      location,
      foundBy: 'dpkg',
    };
    if (fields.Architecture) pkg.arch = fields.Architecture;
    packages.push(pkg);
  }
  return packages;
}

/** `Source: name` or `Source: name (version)`; absent means the source package shares the binary's name. */
function sourceOf(field: string | undefined, name: string, version: string): SourcePackage {
  const match = field ? /^(\S+)(?:\s+\((.+)\))?/.exec(field.trim()) : null;
  if (!match) return { name, version };
  return { name: match[1]!, version: match[2] ?? version };
}

export const dpkgCataloger: Cataloger = {
  name: 'dpkg',
  maxBytes: 64 * 1024 * 1024,
  wants: (path) =>
    path === 'var/lib/dpkg/status' ||
    (path.startsWith('var/lib/dpkg/status.d/') && !path.endsWith('.md5sums') && path.indexOf('/', 22) < 0),
  catalog: (path, content) => packageFindings(parseDpkgStatus(content.toString('utf8'), path)),
};
