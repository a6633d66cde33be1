/**
 * The input model shared by every report renderer (CycloneDX, SPDX, SARIF, GitLab, Markdown).
 *
 * It is deliberately small: the server's analysis (or the CLI, from API responses) maps its own records onto
 * these three shapes once, and every format is derived from them by pure functions. Nothing here performs I/O.
 */

/** The analyzed image: one platform-specific manifest in a registry. */
export interface ImageSubject {
  /** Registry host, e.g. `contoso.azurecr.io`. */
  loginServer: string;
  /** Repository path inside the registry, e.g. `team/api`. */
  repository: string;
  /** Manifest digest of the analyzed (platform) image, `sha256:<64 hex>`. Drives every derived identifier. */
  digest: string;
  /** Tags pointing at the image (any order; renderers sort them). */
  tags: readonly string[];
  /** Platform of the analyzed manifest. */
  platform?: { os: string; architecture: string; variant?: string | undefined } | undefined;
  /** Image config `created` timestamp (ISO 8601), when known. */
  created?: string | undefined;
  /** Operating system found in the image (`/etc/os-release` `ID` and `VERSION_ID`), when known. */
  os?: { id: string; versionId?: string | undefined; prettyName?: string | undefined } | undefined;
}

/** Ecosystem of a package. OS packages: deb, apk, rpm. `binary` is an executable (application) found on disk. */
export type SbomPackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'npm'
  | 'pypi'
  | 'golang'
  | 'maven'
  | 'gem'
  | 'nuget'
  | 'cargo'
  | 'composer'
  | 'binary'
  | 'generic';

/** One package found in the image. */
export interface SbomPackage {
  type: SbomPackageType;
  /** Name as the ecosystem spells it (`@scope/name` for npm, `group:artifact` is fine for maven). */
  name: string;
  version: string;
  /** Package URL (https://github.com/package-url/purl-spec). Identity of the package across all formats. */
  purl: string;
  /** Declared licenses: SPDX ids or expressions where the ecosystem gives them, free-text names otherwise. */
  licenses: readonly string[];
  /** Source package (Debian `Source:`, RPM source RPM, Alpine `origin`), when different from `name`. */
  sourcePackage?: string | undefined;
  /** DiffID (`sha256:…`) of the layer that introduced the package. */
  layerDiffId?: string | undefined;
  /** Path of the file the package was read from (status file, `package.json`, `METADATA`, binary…). */
  location?: string | undefined;
}

/** Severity as scout-acr stores it (lower case; `unspecified` when no source rated it). */
export type FindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'unspecified';

/** CVSS rating attached to a finding. */
export interface CvssRating {
  /** Base score 0.0–10.0. */
  score: number;
  /** Vector string, e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`. */
  vector?: string | undefined;
  /** CVSS version of the vector. */
  version: '2.0' | '3.0' | '3.1' | '4.0';
}

/** One vulnerability affecting one package of the image. */
export interface VulnerabilityFinding {
  /** Primary identifier: CVE-…, GHSA-…, DSA-…, PYSEC-…, GO-… (the OSV id or its CVE alias). */
  id: string;
  /** Other identifiers of the same vulnerability (OSV `aliases`). */
  aliases: readonly string[];
  severity: FindingSeverity;
  cvss?: CvssRating | undefined;
  /** Versions that fix it (empty when no fix exists yet). */
  fixedVersions: readonly string[];
  /** Human-readable affected range, e.g. `< 1.2.3` or `>=0, <2.0.1`. */
  affectedRange?: string | undefined;
  /** One-line summary. */
  summary?: string | undefined;
  /** Advisory URL. */
  url?: string | undefined;
  /** purl of the affected package; must match a {@link SbomPackage.purl} of the same input. */
  packagePurl: string;
}

/** Everything a renderer needs. `generatedAt` is passed in (never read from the clock) so output is reproducible. */
export interface FormatInput {
  image: ImageSubject;
  packages: readonly SbomPackage[];
  /** Findings; omit or pass `[]` when the image has none or none were matched. */
  findings?: readonly VulnerabilityFinding[] | undefined;
  /** ISO 8601 time the document is generated at. */
  generatedAt: string;
  /** Version of scout-acr producing the document (defaults to `0.0.0`). */
  toolVersion?: string | undefined;
}
