/** Bumped when the layout changes; a database of another version is refused (and rebuilt by the next import). */
export const VULNDB_SCHEMA_VERSION = 1;

/** The live database file inside the data directory. */
export const VULNDB_FILE = 'vulndb.sqlite';
/** Where an import builds the next database before renaming it over {@link VULNDB_FILE}. */
export const VULNDB_NEXT_FILE = 'vulndb.sqlite.next';
/** Held (O_EXCL) while an import runs. */
export const VULNDB_LOCK_FILE = 'vulndb.sqlite.lock';

/**
 * `advisories` holds one row per record (JSON of {@link VulnAdvisory}); `affected` one row per `affected[]`
 * entry, keyed by ecosystem family and normalised package name (the lookup the matcher does); `aliases` maps
 * every alias to the records carrying it; `meta` holds the import's provenance as JSON values.
 */
export const VULNDB_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE advisories (id TEXT PRIMARY KEY, modified TEXT, data TEXT NOT NULL);
CREATE TABLE affected (
  advisory_id TEXT NOT NULL,
  family TEXT NOT NULL,
  name TEXT NOT NULL,
  ecosystem TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX affected_by_package ON affected (family, name);
CREATE INDEX affected_by_advisory ON affected (advisory_id);
CREATE TABLE aliases (alias TEXT NOT NULL, advisory_id TEXT NOT NULL, PRIMARY KEY (alias, advisory_id)) WITHOUT ROWID;
CREATE INDEX aliases_by_advisory ON aliases (advisory_id);
`;
