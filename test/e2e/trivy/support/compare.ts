/**
 * Pure comparison of two package inventories per type, by normalised (name, version): recall is the share of the
 * reference's packages we also found, precision the share of ours the reference also found.
 */

import type { ImagePackage } from '../../../../packages/server/src/analysis/index.js';
import type { TrivyPackage } from '../../../harness/trivy.js';

/** A package as both sides can state it. */
export interface ComparablePackage {
  type: string;
  name: string;
  version: string;
}

export interface TypeAgreement {
  type: string;
  ours: number;
  theirs: number;
  both: number;
  recall: number;
  precision: number;
  /** Keys only the reference (Trivy) has. */
  missing: string[];
  /** Keys only we have. */
  extra: string[];
}

/**
 * Name normalisation per ecosystem: PEP 503 for PyPI (case, `-`/`_`/`.` runs), case-insensitive for deb,
 * exact for npm (its names are case-sensitive but registry names are lowercase anyway).
 */
export function comparableKey(p: ComparablePackage): string {
  const name =
    p.type === 'pypi' ? p.name.toLowerCase().replace(/[-_.]+/g, '-') : p.type === 'deb' ? p.name.toLowerCase() : p.name;
  return `${name}@${p.version}`;
}

/** Agreement of `ours` against `theirs` for each type in `types`. */
export function compareInventories(
  ours: readonly ComparablePackage[],
  theirs: readonly ComparablePackage[],
  types: readonly string[],
): TypeAgreement[] {
  return types.map((type) => {
    const a = new Set(ours.filter((p) => p.type === type).map(comparableKey));
    const b = new Set(theirs.filter((p) => p.type === type).map(comparableKey));
    const both = [...a].filter((k) => b.has(k)).length;
    return {
      type,
      ours: a.size,
      theirs: b.size,
      both,
      recall: b.size === 0 ? 1 : both / b.size,
      precision: a.size === 0 ? 1 : both / a.size,
      missing: [...b].filter((k) => !a.has(k)).sort(),
      extra: [...a].filter((k) => !b.has(k)).sort(),
    };
  });
}

/** A fixed-width table of the agreements, for test and bench output. */
export function formatAgreement(rows: readonly TypeAgreement[]): string {
  const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
  const lines = ['type   ours  trivy  both  recall   precision'];
  for (const r of rows) {
    lines.push(
      `${r.type.padEnd(6)} ${String(r.ours).padStart(4)}  ${String(r.theirs).padStart(5)}  ${String(r.both).padStart(4)}  ${pct(r.recall).padStart(7)}  ${pct(r.precision).padStart(9)}`,
    );
  }
  return lines.join('\n');
}

/**
 * Our package as compared: npm names carry their scope (`@azure/core-auth`; we keep the scope in `namespace`),
 * deb versions keep their epoch (`1:2.38.1-5`, as dpkg prints them).
 */
export function fromOurs(p: Pick<ImagePackage, 'type' | 'name' | 'version' | 'namespace'>): ComparablePackage {
  const name = p.type === 'npm' && p.namespace ? `${p.namespace}/${p.name}` : p.name;
  return { type: p.type, name, version: p.version };
}

/** Trivy's package as compared: its epoch (a purl qualifier in Trivy's SBOM) is put back in front of the version. */
export function fromTrivy(p: TrivyPackage): ComparablePackage {
  return { type: p.type, name: p.name, version: p.epoch ? `${p.epoch}:${p.version}` : p.version };
}

/**
 * A purl reduced to what both tools must agree on: type, namespace, name, version (with the epoch folded in
 * whichever way the tool wrote it: in the version, or as Trivy does, as an `epoch` qualifier) and `arch`.
 * Other qualifiers differ by design (`distro=debian-12` vs `debian-12.11`, Trivy adds none for npm/pypi).
 * PyPI names are compared PEP 503-normalised: Trivy keeps dots (`lazr.restfulclient`, as purl-spec says), ours
 * turns them into dashes (`lazr-restfulclient`); see docs/trivy-cross-check.md.
 */
export function purlCore(purl: string): string {
  const [path = '', query = ''] = purl.split('?');
  const qualifiers = new URLSearchParams(query);
  const at = path.lastIndexOf('@');
  let head = decodeURIComponent(path.slice(0, at)).toLowerCase();
  if (head.startsWith('pkg:pypi/')) head = `pkg:pypi/${head.slice(9).replace(/[-_.]+/g, '-')}`;
  let version = decodeURIComponent(path.slice(at + 1));
  const epoch = qualifiers.get('epoch');
  if (epoch && !/^\d+:/.test(version)) version = `${epoch}:${version}`;
  const arch = qualifiers.get('arch');
  return `${head}@${version}${arch ? `?arch=${arch}` : ''}`;
}
