/** Version comparators, one per package ecosystem, each matching that ecosystem's own tool. */
export { apkComparator, apkVersionCompareRaw, isValidApkVersion } from './apk.js';
export { compareDpkgVersions, type DpkgVersion, dpkgComparator, dpkgVerrevcmp, parseDpkgVersion } from './dpkg.js';
export { compareGoVersions, type GoVersion, goComparator, isGoPseudoVersion, parseGoVersion } from './go.js';
export { canonicalMavenVersion, mavenComparator, parseMavenVersion } from './maven.js';
export {
  compareNpmSemvers,
  createNpmComparator,
  type NpmSemver,
  type NpmSemverOptions,
  npmComparator,
  parseNpmSemver,
} from './npm-semver.js';
export { comparePep440Versions, type Pep440Version, parsePep440Version, pep440Comparator } from './pep440.js';
export { compareRpmEvr, parseRpmEvr, type RpmEvr, rpmComparator, rpmvercmp } from './rpm.js';
export { type Ordering, sign, type VersionComparator, type VersionScheme } from './types.js';
