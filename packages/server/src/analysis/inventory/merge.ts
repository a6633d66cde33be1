import { ancestorsOf } from '../fs/paths.js';
import { finalizeInventory, packageIdentity, type SurvivingFile } from './finalize.js';
import type { ImageInventory, LayerInventory } from './types.js';

/**
 * Merges cached per-layer inventories (base layer first) into the image inventory, applying each layer's changes
 * to what lies below it exactly as the overlay file system does:
 * - a whiteout deletes a lower file or directory (and so every package declared under it, e.g. a removed
 *   `node_modules`);
 * - an opaque directory hides everything lower layers put inside it;
 * - a non-directory replaces a lower file of the same path and a whole lower directory of that path;
 * - a directory replaces a lower non-directory of that path;
 * - a wanted file written again replaces the lower one entirely (a later `var/lib/dpkg/status` is the whole
 *   new truth, not an addition); packages it keeps unchanged are still attributed to the layer that first
 *   declared them, so base-image packages stay attributed to the base image.
 * Pure: no I/O. Cost: O(declaring files × depth) per layer.
 */
export function mergeLayerInventories(layers: readonly LayerInventory[]): ImageInventory {
  const surviving = new Map<string, SurvivingFile>();
  const errors: string[] = [];
  layers.forEach((layer, layerIndex) => {
    const whiteouts = new Set(layer.whiteouts);
    const opaque = new Set(layer.opaqueDirs);
    const nonDirs = new Set(layer.nonDirPaths);
    const dirs = new Set(layer.dirPaths);
    const rewritten = new Map<string, SurvivingFile>();
    for (const path of Object.keys(layer.files)) {
      const previous = surviving.get(path);
      if (previous) rewritten.set(path, previous);
    }
    for (const path of surviving.keys()) {
      if (
        whiteouts.has(path) ||
        nonDirs.has(path) ||
        dirs.has(path) ||
        hiddenByAncestor(path, whiteouts, opaque, nonDirs)
      ) {
        surviving.delete(path);
      }
    }
    for (const [path, findings] of Object.entries(layer.files)) {
      const file: SurvivingFile = { path, layerIndex, diffId: layer.diffId, findings };
      const previous = rewritten.get(path);
      if (previous) file.origins = originsOf(previous);
      surviving.set(path, file);
    }
    errors.push(...layer.errors);
  });
  return finalizeInventory(surviving.values(), undefined, errors);
}

function hiddenByAncestor(path: string, whiteouts: Set<string>, opaque: Set<string>, nonDirs: Set<string>): boolean {
  if (opaque.has('')) return true;
  for (const ancestor of ancestorsOf(path)) {
    if (whiteouts.has(ancestor) || opaque.has(ancestor) || nonDirs.has(ancestor)) return true;
  }
  return false;
}

function originsOf(previous: SurvivingFile): Map<string, { layerIndex: number; diffId: string }> {
  const origins = new Map<string, { layerIndex: number; diffId: string }>();
  for (const finding of previous.findings) {
    if (finding.kind !== 'package') continue;
    const key = packageIdentity(finding.package);
    origins.set(key, previous.origins?.get(key) ?? { layerIndex: previous.layerIndex, diffId: previous.diffId });
  }
  return origins;
}
