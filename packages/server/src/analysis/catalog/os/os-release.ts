import type { Cataloger, Distro } from '../types.js';

/** Parses os-release(5): shell-style `KEY=value` lines with optional quotes and backslash escapes. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\([$"\\`])/g, '$1');
    }
    fields[match[1]!] = value;
  }
  return fields;
}

/** The distro an os-release file describes, or undefined without an `ID`. */
export function distroFromOsRelease(text: string): Distro | undefined {
  const fields = parseOsRelease(text);
  if (!fields.ID) return undefined;
  const distro: Distro = { id: fields.ID.toLowerCase(), idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter(Boolean) };
  if (fields.VERSION_ID) distro.versionId = fields.VERSION_ID;
  if (fields.VERSION_CODENAME) distro.codename = fields.VERSION_CODENAME;
  if (fields.PRETTY_NAME) distro.prettyName = fields.PRETTY_NAME;
  return distro;
}

/** `etc/os-release` wins over `usr/lib/os-release` (os-release(5)). */
export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;

export const osReleaseCataloger: Cataloger = {
  name: 'os-release',
  maxBytes: 64 * 1024,
  wants: (path) => path === 'etc/os-release' || path === 'usr/lib/os-release',
  catalog(_path, content) {
    const distro = distroFromOsRelease(content.toString('utf8'));
    return distro ? [{ kind: 'distro', distro }] : [];
  },
};
