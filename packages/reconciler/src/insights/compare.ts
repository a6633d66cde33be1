/** `compare`: what changed between two images' packages and findings (pure). */
import type { ImagePackage, Severity, Vulnerability } from '@scout-acr/sdk/client';
import { compareFindings } from './group.js';

/** A package present in both images at different versions. */
export interface PackageChange {
  type: ImagePackage['type'];
  name: string;
  from: string;
  to: string;
}

/** A finding present in both whose severity or fix changed. */
export interface FindingChange {
  id: string;
  package: string;
  from: { severity: Severity; fixedVersions: string[] };
  to: { severity: Severity; fixedVersions: string[] };
}

export interface ImageDiff {
  packages: { added: ImagePackage[]; removed: ImagePackage[]; changed: PackageChange[] };
  vulnerabilities: { added: Vulnerability[]; removed: Vulnerability[]; changed: FindingChange[] };
}

/** Packages are the same package when type, name (and npm scope / maven group) and arch agree. */
function packageKey(p: ImagePackage): string {
  return `${p.type}\u0000${p.namespace ?? ''}\u0000${p.name}\u0000${p.arch ?? ''}`;
}

/** A finding is the same finding when the vulnerability id and the package name agree (versions may differ). */
function findingKey(v: Vulnerability): string {
  return `${v.id}\u0000${v.package.type}\u0000${v.package.name}`;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Diffs `base` (the `--to` image, the old one) against `target` (the new one): added means only in the target.
 */
export function diffImages(
  base: { packages: readonly ImagePackage[]; findings: readonly Vulnerability[] },
  target: { packages: readonly ImagePackage[]; findings: readonly Vulnerability[] },
): ImageDiff {
  const oldPackages = new Map(base.packages.map((p) => [packageKey(p), p]));
  const newPackages = new Map(target.packages.map((p) => [packageKey(p), p]));
  const packages: ImageDiff['packages'] = { added: [], removed: [], changed: [] };
  for (const [key, p] of newPackages) {
    const old = oldPackages.get(key);
    if (!old) packages.added.push(p);
    else if (old.version !== p.version)
      packages.changed.push({ type: p.type, name: p.name, from: old.version, to: p.version });
  }
  for (const [key, p] of oldPackages) if (!newPackages.has(key)) packages.removed.push(p);
  packages.added.sort(byName);
  packages.removed.sort(byName);
  packages.changed.sort(byName);

  const oldFindings = new Map(base.findings.map((v) => [findingKey(v), v]));
  const newFindings = new Map(target.findings.map((v) => [findingKey(v), v]));
  const vulnerabilities: ImageDiff['vulnerabilities'] = { added: [], removed: [], changed: [] };
  for (const [key, v] of newFindings) {
    const old = oldFindings.get(key);
    if (!old) vulnerabilities.added.push(v);
    else if (old.severity !== v.severity || old.fixedVersions.join() !== v.fixedVersions.join())
      vulnerabilities.changed.push({
        id: v.id,
        package: v.package.name,
        from: { severity: old.severity, fixedVersions: old.fixedVersions },
        to: { severity: v.severity, fixedVersions: v.fixedVersions },
      });
  }
  for (const [key, v] of oldFindings) if (!newFindings.has(key)) vulnerabilities.removed.push(v);
  vulnerabilities.added.sort(compareFindings);
  vulnerabilities.removed.sort(compareFindings);
  return { packages, vulnerabilities };
}
