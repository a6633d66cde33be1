import { ScoutAcrError } from '@scout-acr/sdk/errors';

/** The vulnerability database file is missing, unreadable or of an unknown schema. */
export class VulnDbUnavailableError extends ScoutAcrError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'VulnDbUnavailable', status: 503, cause });
  }
}

/** An import could not complete; the previous database (if any) is left in place. */
export class VulnDbImportError extends ScoutAcrError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'VulnDbImportFailed', status: 500, cause });
  }
}

/** Another import into the same data directory is running. */
export class VulnDbBusyError extends ScoutAcrError {
  constructor(dataDir: string) {
    super(`a vulnerability database import is already running in ${dataDir}`, { code: 'VulnDbBusy', status: 409 });
  }
}

/** A source given to the importer is not a directory, JSON file, secdb YAML or zip archive it can read. */
export class VulnSourceError extends ScoutAcrError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'VulnSourceInvalid', status: 400, cause });
  }
}

/** A zip archive is malformed or uses a feature the reader does not support. */
export class ZipFormatError extends ScoutAcrError {
  constructor(message: string) {
    super(`invalid zip archive: ${message}`, { code: 'ZipFormatInvalid', status: 400 });
  }
}

/** Downloading an OSV archive failed (HTTP error or dropped connection). */
export class VulnDownloadError extends ScoutAcrError {
  constructor(
    message: string,
    options: { status?: number; transient?: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { code: 'VulnDownloadFailed', ...options });
  }
}
