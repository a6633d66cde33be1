import type { ImageInventory } from '../analysis/index.js';
import type { VulnLookup } from '../vulndb/types.js';
import { type MatchPackagesOptions, matchPackages } from './match.js';
import type { VulnerabilityFinding } from './types.js';

/** A stored image to re-match: its inventory and the findings it had. */
export interface StoredImage {
  /** The caller's key for the image (e.g. its manifest digest). */
  imageId: string;
  inventory: ImageInventory;
  previous: ReadonlyArray<Pick<VulnerabilityFinding, 'id' | 'package'>>;
  options?: MatchPackagesOptions;
}

/** What changed for one image under a new database. */
export interface RematchResult {
  imageId: string;
  /** The complete new findings, to store. */
  findings: VulnerabilityFinding[];
  /** Findings absent before (by vulnerability id and purl). */
  added: VulnerabilityFinding[];
  /** Previous findings that no longer match, as they were stored. */
  resolved: Array<Pick<VulnerabilityFinding, 'id' | 'package'>>;
}

const keyOf = (f: Pick<VulnerabilityFinding, 'id' | 'package'>) => `${f.id}\u0000${f.package.purl}`;

/**
 * Re-matches stored inventories against a (new) database without touching the images, and diffs the result
 * with what each image had, by (vulnerability id, package purl). Pure.
 */
export function rematchImages(images: Iterable<StoredImage>, db: VulnLookup): RematchResult[] {
  const results: RematchResult[] = [];
  for (const image of images) {
    const findings = matchPackages(image.inventory.packages, db, image.inventory.distro, image.options);
    const before = new Set(image.previous.map(keyOf));
    const after = new Set(findings.map(keyOf));
    results.push({
      imageId: image.imageId,
      findings,
      added: findings.filter((f) => !before.has(keyOf(f))),
      resolved: image.previous.filter((f) => !after.has(keyOf(f))),
    });
  }
  return results;
}
