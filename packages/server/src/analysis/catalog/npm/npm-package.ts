import type { FoundPackage } from '../types.js';

/** Splits `@scope/name` into namespace and name. */
export function splitNpmName(fullName: string): { namespace?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 0) return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { name: fullName };
}

/** Licenses as package.json and lockfiles declare them: `"MIT"`, `{type}`, or a legacy `licenses` array. */
export function npmLicenses(license: unknown, licenses?: unknown): string[] {
  const out: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim()) out.push(value.trim());
    else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      out.push((value as { type: string }).type);
    }
  };
  add(license);
  if (Array.isArray(licenses)) licenses.forEach(add);
  return out;
}

/** Builds an npm package record. */
export function npmPackage(
  fullName: string,
  version: string,
  location: string,
  foundBy: string,
  licenses: string[] = [],
): FoundPackage {
  const { namespace, name } = splitNpmName(fullName);
  const pkg: FoundPackage = { type: 'npm', name, version, licenses, location, foundBy };
  if (namespace) pkg.namespace = namespace;
  return pkg;
}

/** The package name a lockfile path key ends with: `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function nameFromNodeModulesPath(path: string): string | undefined {
  const i = path.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  return path.slice(i + 'node_modules/'.length) || undefined;
}

/** Parses JSON, returning undefined on invalid input (a broken file yields nothing, not a failed analysis). */
export function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
