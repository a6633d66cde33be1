import Database from 'better-sqlite3';
import { type Cataloger, type FoundPackage, packageFindings, type SourcePackage } from '../types.js';
import { decodeRpmHeader, RpmTag } from './rpm-header.js';

/**
 * Lists the packages of an `rpmdb.sqlite` (Fedora 33+, RHEL 9+, Amazon Linux 2023) held in memory. The database
 * is deserialized read-only into an in-memory SQLite; nothing touches the disk.
 */
export function parseRpmDatabase(content: Buffer, location: string): FoundPackage[] {
  // A WAL-mode file (header bytes 18-19 = 2) cannot be deserialized; as a lone file it is a valid rollback DB.
  const bytes = Buffer.from(content);
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = new Database(bytes, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages').raw().all() as Array<[Buffer]>;
    const packages: FoundPackage[] = [];
    for (const [blob] of rows) {
      const header = decodeRpmHeader(blob);
      const name = header.get(RpmTag.NAME);
      const version = header.get(RpmTag.VERSION);
      const release = header.get(RpmTag.RELEASE);
      // gpg-pubkey entries are imported signing keys, not software.
      if (typeof name !== 'string' || typeof version !== 'string' || name === 'gpg-pubkey') continue;
      const pkg: FoundPackage = {
        type: 'rpm',
        name,
        version: typeof release === 'string' ? `${version}-${release}` : version,
        licenses: typeof header.get(RpmTag.LICENSE) === 'string' ? [header.get(RpmTag.LICENSE) as string] : [],
        location,
        foundBy: 'rpmdb-sqlite',
      };
      const arch = header.get(RpmTag.ARCH);
      if (typeof arch === 'string') pkg.arch = arch;
      const epoch = header.get(RpmTag.EPOCH);
      if (typeof epoch === 'number' && epoch > 0) pkg.epoch = epoch;
      const source = sourceFromSrpm(header.get(RpmTag.SOURCERPM));
      if (source) pkg.source = source;
      packages.push(pkg);
    }
    return packages;
  } finally {
    db.close();
  }
}

/** `openssl-3.0.7-27.el9.src.rpm` → `{name: openssl, version: 3.0.7-27.el9}`. */
export function sourceFromSrpm(srpm: unknown): SourcePackage | undefined {
  if (typeof srpm !== 'string') return undefined;
  const base = srpm.replace(/\.(?:no)?src\.rpm$/, '');
  const releaseDash = base.lastIndexOf('-');
  const versionDash = base.lastIndexOf('-', releaseDash - 1);
  if (versionDash <= 0) return undefined;
  return { name: base.slice(0, versionDash), version: base.slice(versionDash + 1) };
}

export const RPMDB_PATHS = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'];

export const rpmCataloger: Cataloger = {
  name: 'rpmdb-sqlite',
  maxBytes: 512 * 1024 * 1024,
  wants: (path) => RPMDB_PATHS.includes(path),
  catalog: (path, content) => packageFindings(parseRpmDatabase(content, path)),
};
