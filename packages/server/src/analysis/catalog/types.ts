/** Ecosystems scout-acr catalogs. */
export type PackageType = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven';

/** The distribution an image is built on, from os-release. */
export interface Distro {
  /** `ID` (debian, ubuntu, alpine, fedora, rhel, amzn…). */
  id: string;
  /** `VERSION_ID` (12, 3.19.1, 40, 2023…). */
  versionId?: string;
  /** `VERSION_CODENAME` (bookworm…). */
  codename?: string;
  prettyName?: string;
  /** `ID_LIKE`, split. */
  idLike: string[];
}

/** The source package a binary package was built from, which distro advisories name. */
export interface SourcePackage {
  name: string;
  version?: string;
}

/** A package as a cataloger found it in one file, before image context (distro, layer) is known. */
export interface FoundPackage {
  type: PackageType;
  name: string;
  version: string;
  /** npm scope (`@types`) or Maven group id. */
  namespace?: string;
  arch?: string;
  /** RPM epoch. */
  epoch?: number;
  source?: SourcePackage;
  licenses: string[];
  /** The file that declared the package (root-relative; `outer.war!/WEB-INF/lib/x.jar` inside archives). */
  location: string;
  /** Which cataloger found it. */
  foundBy: string;
}

/** What a cataloger can learn from one file. */
export type Finding =
  | { kind: 'package'; package: FoundPackage }
  | { kind: 'distro'; distro: Distro }
  /** Licenses of a Debian package from its `/usr/share/doc/<name>/copyright`. */
  | { kind: 'deb-licenses'; packageName: string; licenses: string[] };

/**
 * A pure function from one file's content to findings, plus a cheap predicate on the path (and mode) that tells
 * the layer scan which files to buffer. `maxBytes` bounds what it will ever be handed.
 */
export interface Cataloger {
  name: string;
  maxBytes: number;
  wants(path: string, mode: number): boolean;
  catalog(path: string, content: Buffer): Finding[];
}

/** Wraps packages as findings. */
export function packageFindings(packages: FoundPackage[]): Finding[] {
  return packages.map((pkg) => ({ kind: 'package', package: pkg }));
}
