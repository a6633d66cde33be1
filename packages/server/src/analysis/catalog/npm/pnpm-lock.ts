import { parse } from 'yaml';
import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';
import { npmPackage } from './npm-package.js';

/**
 * Splits a pnpm `packages` key into name and version across lockfile versions:
 * v5 `/name/1.2.3_peer@1`, v6 `/@s/name@1.2.3(peer@1)`, v9 `name@1.2.3(peer@1)`.
 */
export function parsePnpmKey(key: string): { name: string; version: string } | undefined {
  let spec = key.startsWith('/') ? key.slice(1) : key;
  const paren = spec.indexOf('(');
  if (paren > 0) spec = spec.slice(0, paren);
  const at = spec.indexOf('@', 1);
  if (at > 0) return { name: spec.slice(0, at), version: spec.slice(at + 1) };
  const slash = spec.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const version = spec.slice(slash + 1).split('_')[0]!;
  return { name: spec.slice(0, slash), version };
}

/** Parses pnpm-lock.yaml (v5–v9) into the packages of its `packages` section. */
export function parsePnpmLock(text: string, location: string): FoundPackage[] {
  let lock: { packages?: Record<string, { name?: string; version?: string } | null> } | undefined;
  try {
    lock = parse(text, { maxAliasCount: 1000 }) as typeof lock;
  } catch {
    return [];
  }
  const out: FoundPackage[] = [];
  for (const [key, entry] of Object.entries(lock?.packages ?? {})) {
    const parsed = parsePnpmKey(key);
    const name = entry?.name ?? parsed?.name;
    const version = entry?.version ?? parsed?.version;
    // Non-registry versions (link:, file:, tarball URLs) are not comparable versions.
    if (!name || !version || /^(?:link|file|workspace):|:\/\//.test(version)) continue;
    out.push(npmPackage(name, version, location, 'pnpm-lock'));
  }
  return out;
}

export const pnpmLockCataloger: Cataloger = {
  name: 'pnpm-lock',
  maxBytes: 64 * 1024 * 1024,
  wants: (path) => (path === 'pnpm-lock.yaml' || path.endsWith('/pnpm-lock.yaml')) && !path.includes('node_modules/'),
  catalog: (path, content) => packageFindings(parsePnpmLock(content.toString('utf8'), path)),
};
