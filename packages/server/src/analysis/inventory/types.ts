import type { Distro, Finding, PackageType, SourcePackage } from '../catalog/types.js';

/**
 * What one layer contributes, computed once per layer and cacheable by its diffID: the catalog findings of each
 * wanted file it writes, plus enough of its changes to tell what it hides in the layers below.
 */
export interface LayerInventory {
  diffId: string;
  /** Findings per wanted file; files that yielded nothing are kept (with `[]`) because they still shadow. */
  files: Record<string, Finding[]>;
  /** Paths deleted from lower layers. */
  whiteouts: string[];
  /** Directories whose lower-layer contents are hidden. */
  opaqueDirs: string[];
  /** Every non-directory path the layer writes (each replaces a lower file or a whole lower directory), sorted. */
  nonDirPaths: string[];
  /** Every directory the layer writes (each replaces a lower non-directory of that path), sorted. */
  dirPaths: string[];
  /** Catalogers that failed on a file of this layer. */
  errors: string[];
}

/** A package of an image, as stored and matched against vulnerabilities. */
export interface ImagePackage {
  type: PackageType;
  name: string;
  version: string;
  purl: string;
  namespace?: string;
  arch?: string;
  epoch?: number;
  /** The source package distro advisories name (dpkg Source, RPM source RPM, apk origin). */
  source?: SourcePackage;
  licenses: string[];
  /** Files that declared it, absolute (`/var/lib/dpkg/status`). */
  locations: string[];
  /** diffID of the lowest layer that declares it. */
  layer: string;
  foundBy: string;
}

/** An image's package inventory: its distro and its packages after whiteouts and overwrites. */
export interface ImageInventory {
  distro?: Distro;
  packages: ImagePackage[];
  errors: string[];
}
