import type { Distro, FoundPackage } from './types.js';

/**
 * Percent-encodes one purl component strictly (RFC 3986: also `!'()*`); `:` needs no encoding (purl spec) and
 * reads better unencoded, as in `pkg:deb/debian/attr@1:2.4.47-2`.
 */
function encode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/gi, ':');
}

/** The `distro` qualifier value: `<id>-<version_id>`, or the codename when there is no version (sid). */
export function distroQualifier(distro: Distro | undefined): string | undefined {
  if (!distro) return undefined;
  const version = distro.versionId ?? distro.codename;
  return version ? `${distro.id}-${version}` : distro.id;
}

/** PEP 503 normalization, which the purl `pypi` type requires. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Builds a package URL (purl-spec) for a package found in an image on `distro`. */
export function packageUrl(pkg: FoundPackage, distro?: Distro): string {
  const qualifiers: Record<string, string | undefined> = {};
  let namespace: string[] = [];
  let name = pkg.name;
  switch (pkg.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      const fallback = pkg.type === 'deb' ? 'debian' : pkg.type === 'apk' ? 'alpine' : 'rpm';
      namespace = [(distro?.id ?? fallback).toLowerCase()];
      if (pkg.type !== 'rpm') name = name.toLowerCase();
      qualifiers.arch = pkg.arch;
      qualifiers.distro = distroQualifier(distro);
      if (pkg.type === 'rpm' && pkg.epoch) qualifiers.epoch = String(pkg.epoch);
      break;
    }
    case 'npm':
      if (pkg.namespace) namespace = [pkg.namespace];
      break;
    case 'pypi':
      // purl-spec: lower-case and `_` → `-` only; dots stay (`lazr.restfulclient`). PEP 503 is for matching.
      name = name.toLowerCase().replace(/_/g, '-');
      break;
    case 'golang': {
      const parts = name.split('/');
      name = parts.pop()!;
      namespace = parts;
      break;
    }
    case 'maven':
      if (pkg.namespace) namespace = [pkg.namespace];
      break;
  }
  let purl = `pkg:${pkg.type}/`;
  for (const segment of namespace) purl += `${encode(segment)}/`;
  purl += encode(name);
  if (pkg.version) purl += `@${encode(pkg.version)}`;
  const keys = Object.keys(qualifiers)
    .filter((k) => qualifiers[k])
    .sort();
  if (keys.length > 0) purl += `?${keys.map((k) => `${k}=${encode(qualifiers[k]!)}`).join('&')}`;
  return purl;
}
