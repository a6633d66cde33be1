import { packageUrl } from '../catalog/purl.js';
import type { Distro, Finding, FoundPackage } from '../catalog/types.js';
import type { ImageInventory, ImagePackage } from './types.js';

/** A surviving file of the image with its findings and the layer (index and diffID) that wrote it. */
export interface SurvivingFile {
  path: string;
  layerIndex: number;
  diffId: string;
  findings: Finding[];
  /**
   * Where packages of an earlier version of this same file came from: a later layer rewriting
   * `var/lib/dpkg/status` does not re-introduce the packages it kept (keyed by {@link packageIdentity}).
   */
  origins?: Map<string, { layerIndex: number; diffId: string }>;
}

/** Identity of a package across rewrites of its declaring file. */
export function packageIdentity(p: FoundPackage): string {
  return [p.type, p.namespace ?? '', p.name, p.version, p.arch ?? '', p.location].join('|');
}

/**
 * Turns the findings of an image's surviving files into its inventory: picks the distro (`etc/os-release`
 * over `usr/lib/os-release`), attaches Debian copyright licenses, builds purls with the distro, and merges
 * duplicates (same purl) keeping every location and the lowest layer.
 */
export function finalizeInventory(
  files: Iterable<SurvivingFile>,
  distroOverride?: Distro,
  errors: string[] = [],
): ImageInventory {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const distroOf = (path: string) =>
    sorted.find((f) => f.path === path)?.findings.find((f) => f.kind === 'distro')?.distro;
  const distro = distroOverride ?? distroOf('etc/os-release') ?? distroOf('usr/lib/os-release');
  const debLicenses = new Map<string, string[]>();
  for (const file of sorted) {
    for (const f of file.findings) if (f.kind === 'deb-licenses') debLicenses.set(f.packageName, f.licenses);
  }
  const byPurl = new Map<string, ImagePackage & { layerIndex: number }>();
  for (const file of sorted) {
    for (const finding of file.findings) {
      if (finding.kind !== 'package') continue;
      const found = finding.package;
      const origin = file.origins?.get(packageIdentity(found)) ?? file;
      const purl = packageUrl(found, distro);
      const location = `/${found.location}`;
      const existing = byPurl.get(purl);
      if (existing) {
        if (!existing.locations.includes(location)) existing.locations.push(location);
        if (origin.layerIndex < existing.layerIndex) {
          existing.layerIndex = origin.layerIndex;
          existing.layer = origin.diffId;
        }
        continue;
      }
      const licenses =
        found.licenses.length > 0 || found.type !== 'deb' ? found.licenses : (debLicenses.get(found.name) ?? []);
      const pkg: ImagePackage & { layerIndex: number } = {
        type: found.type,
        name: found.name,
        version: found.version,
        purl,
        licenses: [...licenses],
        locations: [location],
        layer: origin.diffId,
        layerIndex: origin.layerIndex,
        foundBy: found.foundBy,
      };
      if (found.namespace) pkg.namespace = found.namespace;
      if (found.arch) pkg.arch = found.arch;
      if (found.epoch) pkg.epoch = found.epoch;
      if (found.source) pkg.source = { ...found.source };
      byPurl.set(purl, pkg);
    }
  }
  const packages = [...byPurl.values()]
    .map(({ layerIndex: _layerIndex, ...pkg }) => ({ ...pkg, locations: pkg.locations.sort() }))
    .sort((a, b) => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0));
  const inventory: ImageInventory = { packages, errors };
  if (distro) inventory.distro = distro;
  return inventory;
}
