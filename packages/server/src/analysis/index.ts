/**
 * Image analysis core: streaming layer reading, the image file view, package catalogers and inventories.
 * Pure and I/O-free except for reading the streams it is handed; the server stores what it returns.
 */
export { catalogFile, DEFAULT_CATALOGERS, type FileCatalog, wantsAny } from './catalog/catalogers.js';
export { type GoBuildInfo, type GoModule, readGoBuildInfo } from './catalog/golang/buildinfo.js';
export { catalogGoBinary } from './catalog/golang/go-binary.js';
export { catalogJavaArchive } from './catalog/java/jar.js';
export { parsePackageLock } from './catalog/npm/package-lock.js';
export { parsePnpmLock } from './catalog/npm/pnpm-lock.js';
export { parseYarnLock } from './catalog/npm/yarn-lock.js';
export { parseApkInstalled } from './catalog/os/apk.js';
export { parseDebianCopyright } from './catalog/os/deb-copyright.js';
export { parseDpkgStatus } from './catalog/os/dpkg.js';
export { distroFromOsRelease } from './catalog/os/os-release.js';
export { parseRpmDatabase } from './catalog/os/rpm.js';
export { distroQualifier, normalizePythonName, packageUrl } from './catalog/purl.js';
export { parsePythonMetadata } from './catalog/python/python-metadata.js';
export type { Cataloger, Distro, Finding, FoundPackage, PackageType, SourcePackage } from './catalog/types.js';
export {
  CorruptLayerError,
  DecompressionBombError,
  ImageTooLargeError,
  LayerAnalysisError,
  LayerDigestMismatchError,
  PathEscapeError,
  TooManyFilesError,
  UnsupportedLayerMediaTypeError,
} from './errors.js';
export { type FileNode, FileView, type LayerChanges, type Resolution } from './fs/file-view.js';
export { type CatalogedLayer, type CatalogLayerOptions, catalogLayer } from './inventory/layer-inventory.js';
export { mergeLayerInventories } from './inventory/merge.js';
export type { ImageInventory, ImagePackage, LayerInventory } from './inventory/types.js';
export { catalogFileView } from './inventory/view-inventory.js';
export { type Compression, compressionOf } from './layer/compression.js';
export {
  type LayerEntry,
  type LayerScan,
  type ScanLayerOptions,
  scanLayer,
  type WantsFile,
} from './layer/scan-layer.js';
export { defaultZstdBackend, type ZstdBackend } from './layer/zstd.js';
export { type AnalysisLimits, DEFAULT_ANALYSIS_LIMITS, ImageBudget } from './limits.js';
