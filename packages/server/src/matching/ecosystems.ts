import type { Distro, ImagePackage } from '../analysis/index.js';
import { parseOsvEcosystem } from '../vuln/index.js';

/** How one image package is looked up: the family and name to ask for, the version to compare. */
export interface PackageQuery {
  family: string;
  name: string;
  version: string;
  /** Whether an `affected` entry of this ecosystem string applies to the image. */
  accepts(ecosystem: string): boolean;
  /** Among accepted entries, true for the ones that supersede the others (Ubuntu Pro on a Pro image). */
  preferred?(ecosystem: string): boolean;
}

/** Image facts the OS matching needs beyond os-release. */
export interface MatchOptions {
  /** The image has Ubuntu Pro (ESM) enabled: `Ubuntu:Pro:*` entries apply and supersede the standard ones. */
  ubuntuPro?: boolean;
}

/** `3.19.1` → `v3.19`, as Alpine ecosystems are named. */
function alpineRelease(versionId: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(versionId);
  return m ? `v${m[1]}.${m[2]}` : undefined;
}

/** Ubuntu releases named `YY.04` with an even `YY` are LTS (`Ubuntu:22.04:LTS`). */
export function ubuntuEcosystem(versionId: string, pro = false): string {
  const m = /^(\d+)\.04$/.exec(versionId);
  const lts = m !== null && Number(m[1]) % 2 === 0;
  return `Ubuntu:${pro ? 'Pro:' : ''}${versionId}${lts ? ':LTS' : ''}`;
}

const RHEL_LIKE = new Set(['rhel', 'centos', 'rocky', 'almalinux', 'ol']);

/**
 * The distro ecosystem (family and release test) an image's OS packages are matched in, from its os-release:
 * Debian `VERSION_ID` (`Debian:12`), Ubuntu `VERSION_ID` (`Ubuntu:22.04:LTS`, plus `Ubuntu:Pro:22.04:LTS` only
 * for Pro images), Alpine major.minor (`Alpine:v3.19`), RHEL-compatible major (`Red Hat:enterprise_linux:9::*`).
 * Undefined when the distro is unknown or has no version (Debian testing/sid): its OS packages are not matched.
 */
export function distroMatcher(
  distro: Distro | undefined,
  options: MatchOptions = {},
): Pick<PackageQuery, 'family' | 'accepts' | 'preferred'> | undefined {
  const version = distro?.versionId;
  if (!distro || !version) return undefined;
  const id = distro.id;
  if (id === 'debian') {
    const major = version.split('.')[0];
    return { family: 'Debian', accepts: (e) => parseOsvEcosystem(e).release === major };
  }
  if (id === 'ubuntu') {
    return {
      family: 'Ubuntu',
      accepts: (e) => {
        const parsed = parseOsvEcosystem(e);
        return parsed.release === version && (!parsed.pro || options.ubuntuPro === true);
      },
      preferred: (e) => parseOsvEcosystem(e).pro === true,
    };
  }
  if (id === 'alpine') {
    const release = alpineRelease(version);
    return release ? { family: 'Alpine', accepts: (e) => parseOsvEcosystem(e).release === release } : undefined;
  }
  if (RHEL_LIKE.has(id) || distro.idLike.includes('rhel')) {
    const major = version.split('.')[0];
    return {
      family: 'Red Hat',
      accepts: (e) => new RegExp(`^enterprise_linux:${major}(:|$)`).test(parseOsvEcosystem(e).release ?? ''),
    };
  }
  return undefined;
}

/**
 * The lookup for one package. OS packages are looked up by their **source** package (dpkg `Source:`, source
 * RPM, apk origin) in the distro's ecosystem, as Trivy and Grype do, because distro advisories name source
 * packages. The version compared is the one advisories speak of: dpkg's `Source: name (version)` when the
 * source version differs from the binary's (binNMU `+b1`, or binaries versioned on their own like
 * gcc-defaults' `cpp`), otherwise the binary version; RPM `epoch:version-release`. Language packages are
 * looked up by name in their ecosystem (npm `@scope/name`, Maven `group:artifact`, Go module path).
 */
export function packageQuery(
  pkg: ImagePackage,
  distro: Distro | undefined,
  options: MatchOptions = {},
): PackageQuery | undefined {
  switch (pkg.type) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      const os = distroMatcher(distro, options);
      if (!os) return undefined;
      const name = pkg.source?.name ?? pkg.name;
      let version = pkg.version;
      if (pkg.type === 'deb' && pkg.source?.version) version = pkg.source.version;
      if (pkg.type === 'rpm' && pkg.epoch) version = `${pkg.epoch}:${pkg.version}`;
      return { ...os, name, version };
    }
    case 'npm':
      return {
        family: 'npm',
        name: pkg.namespace ? `${pkg.namespace}/${pkg.name}` : pkg.name,
        version: pkg.version,
        accepts: () => true,
      };
    case 'pypi':
      return { family: 'PyPI', name: pkg.name, version: pkg.version, accepts: () => true };
    case 'golang':
      return { family: 'Go', name: pkg.name, version: pkg.version, accepts: () => true };
    case 'maven':
      if (!pkg.namespace) return undefined;
      return { family: 'Maven', name: `${pkg.namespace}:${pkg.name}`, version: pkg.version, accepts: () => true };
    default:
      return undefined;
  }
}
