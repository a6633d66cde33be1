import { catalogFile, DEFAULT_CATALOGERS, wantsAny } from '../catalog/catalogers.js';
import type { Cataloger, Finding } from '../catalog/types.js';
import { type LayerScan, type ScanLayerOptions, scanLayer } from '../layer/scan-layer.js';
import type { LayerInventory } from './types.js';

export interface CatalogLayerOptions extends Omit<ScanLayerOptions, 'wants' | 'onFile'> {
  catalogers?: readonly Cataloger[];
}

/** A layer's inventory plus the scan's byte counts and digests (without file contents). */
export interface CatalogedLayer {
  inventory: LayerInventory;
  scan: Omit<LayerScan, 'files' | 'entries'>;
}

/**
 * Streams one layer and catalogs its wanted files as they are read (one file in memory at a time).
 * The result depends only on the layer's bytes, so it can be cached by diffID and reused by every image
 * that shares the layer.
 */
export async function catalogLayer(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: CatalogLayerOptions,
): Promise<CatalogedLayer> {
  const catalogers = options.catalogers ?? DEFAULT_CATALOGERS;
  const wants = wantsAny(catalogers);
  const files: Record<string, Finding[]> = {};
  const errors: string[] = [];
  const modes = new Map<string, number>();
  const scan = await scanLayer(source, {
    ...options,
    wants: (path, size, mode) => {
      const wanted = wants(path, size, mode);
      if (wanted) modes.set(path, mode);
      return wanted;
    },
    onFile(path, content) {
      const result = catalogFile(path, content, modes.get(path) ?? 0, catalogers);
      files[path] = result.findings;
      errors.push(...result.errors);
    },
  });
  const nonDirPaths: string[] = [];
  const dirPaths: string[] = [];
  for (const entry of scan.entries) {
    if (entry.type === 'dir') dirPaths.push(entry.path);
    else nonDirPaths.push(entry.path);
    // A hard link to a catalogued file of this layer declares the same packages at its own path.
    if (entry.type === 'hardlink' && entry.linkTarget && files[entry.linkTarget] && wants(entry.path, 0, entry.mode)) {
      files[entry.path] = relocate(files[entry.linkTarget]!, entry.linkTarget, entry.path);
    }
  }
  const { files: _files, entries: _entries, ...summary } = scan;
  return {
    inventory: {
      diffId: scan.diffId,
      files,
      whiteouts: scan.whiteouts,
      opaqueDirs: scan.opaqueDirs,
      nonDirPaths: [...new Set(nonDirPaths)].sort(),
      dirPaths: [...new Set(dirPaths)].sort(),
      errors,
    },
    scan: summary,
  };
}

function relocate(findings: Finding[], from: string, to: string): Finding[] {
  return findings.map((f) =>
    f.kind === 'package' && f.package.location.startsWith(from)
      ? { ...f, package: { ...f.package, location: to + f.package.location.slice(from.length) } }
      : f,
  );
}
