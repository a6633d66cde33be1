import { catalogFile, DEFAULT_CATALOGERS } from '../catalog/catalogers.js';
import { distroFromOsRelease } from '../catalog/os/os-release.js';
import type { Cataloger } from '../catalog/types.js';
import type { FileView } from '../fs/file-view.js';
import { finalizeInventory, type SurvivingFile } from './finalize.js';
import type { ImageInventory } from './types.js';

/**
 * Catalogs an image from its final file view (all layers applied), without per-layer caching. Gives the same
 * packages as {@link mergeLayerInventories} over the layers' inventories; the os-release is read through
 * symlinks (`/etc/os-release` → `../usr/lib/os-release`).
 */
export function catalogFileView(
  view: FileView,
  layerOrder: readonly string[],
  catalogers: readonly Cataloger[] = DEFAULT_CATALOGERS,
): ImageInventory {
  const files: SurvivingFile[] = [];
  const errors: string[] = [];
  for (const node of view.files()) {
    if (node.type !== 'file' || !node.content) continue;
    const result = catalogFile(node.path, node.content, node.mode, catalogers);
    errors.push(...result.errors);
    files.push({
      path: node.path,
      layerIndex: layerOrder.indexOf(node.layer),
      diffId: node.layer,
      findings: result.findings,
    });
  }
  const osRelease = view.readFile('etc/os-release') ?? view.readFile('usr/lib/os-release');
  const distro = osRelease ? distroFromOsRelease(osRelease.toString('utf8')) : undefined;
  return finalizeInventory(files, distro, errors);
}
