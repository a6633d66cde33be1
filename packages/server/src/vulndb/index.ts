/**
 * The vulnerability database: OSV records (plus Alpine secdb) imported atomically into their own SQLite file
 * beside the server's store, looked up by ecosystem family and normalised package name.
 */
export {
  VulnDbBusyError,
  VulnDbImportError,
  VulnDbUnavailableError,
  VulnDownloadError,
  VulnSourceError,
  ZipFormatError,
} from './errors.js';
export { type ImportOptions, importOsv, type VulnDbProgress } from './import.js';
export { InMemoryVulnDb } from './memory-db.js';
export {
  ecosystemFamily,
  isBundledNotice,
  isSupportedFamily,
  normalizePackageName,
  SUPPORTED_FAMILIES,
} from './normalize.js';
export { type ParsedRecord, parseOsvRecord } from './record.js';
export { VULNDB_FILE, VULNDB_NEXT_FILE, VULNDB_SCHEMA_VERSION } from './schema.js';
export { SecdbCollector, secdbId } from './secdb.js';
export { readSource, type SourceItem } from './sources.js';
export { openVulnDb, SqliteVulnDb, vulnDbPath, vulnDbStatus } from './sqlite-db.js';
export type { AdvisoryMatchCandidate, VulnAdvisory, VulnDbStatus, VulnLookup, VulnReference } from './types.js';
export { DEFAULT_OSV_BASE_URL, ecosystemArchiveUrl, type UpdateOptions, updateFromUrl } from './update.js';
export { readZipEntries, type ZipEntry } from './zip.js';
