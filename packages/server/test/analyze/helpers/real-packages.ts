import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real package metadata from this machine, so analysis tests read what real images hold: stanzas of the
 * installed dpkg database, an installed npm package's package.json, and a Debian Python package's METADATA.
 */

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

/** The stanzas of `names` from `/var/lib/dpkg/status`, in that order, as a status file. */
export function dpkgStanzas(names: string[]): string {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const stanzas = new Map<string, string>();
  for (const stanza of status.split(/\n\n+/)) {
    const name = /^Package: (.+)$/m.exec(stanza)?.[1];
    if (name) stanzas.set(name, stanza.trim());
  }
  return `${names
    .map((name) => {
      const stanza = stanzas.get(name);
      if (!stanza) throw new Error(`dpkg package ${name} is not installed on this machine`);
      return stanza;
    })
    .join('\n\n')}\n`;
}

/** A field of a dpkg stanza (`Version`, `Source`, `Architecture`). */
export function dpkgField(name: string, field: string): string | undefined {
  return new RegExp(`^${field}: (.+)$`, 'm').exec(dpkgStanzas([name]))?.[1];
}

/** The package.json of an installed lodash (from the workspace's pnpm store). */
export function lodashPackageJson(): { content: string; version: string } {
  const store = join(workspaceRoot, 'node_modules', '.pnpm');
  const dir = readdirSync(store).find((d) => /^lodash@\d/.test(d));
  if (!dir) throw new Error('no lodash in node_modules/.pnpm');
  const content = readFileSync(join(store, dir, 'node_modules', 'lodash', 'package.json'), 'utf8');
  return { content, version: (JSON.parse(content) as { version: string }).version };
}

/** The METADATA of a Debian-installed Python distribution (`requests` if present, else `packaging`). */
export function pythonMetadata(): { distInfo: string; content: string; name: string; version: string } {
  const root = '/usr/lib/python3/dist-packages';
  const entries = readdirSync(root);
  const distInfo =
    entries.find((e) => /^requests-[\d.]+\.dist-info$/.test(e)) ??
    entries.find((e) => /^packaging-[\d.]+\.dist-info$/.test(e));
  if (!distInfo || !existsSync(join(root, distInfo, 'METADATA'))) throw new Error('no Python dist-info found');
  const content = readFileSync(join(root, distInfo, 'METADATA'), 'utf8');
  return {
    distInfo,
    content,
    name: /^Name: (.+)$/m.exec(content)?.[1] as string,
    version: /^Version: (.+)$/m.exec(content)?.[1] as string,
  };
}

export const DEBIAN_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;
