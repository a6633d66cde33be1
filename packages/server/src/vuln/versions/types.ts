/** The result of a version comparison: negative, equal or positive, normalised to -1, 0 and 1. */
export type Ordering = -1 | 0 | 1;

/** The identifiers of the version schemes scout-acr can order. */
export type VersionScheme = 'dpkg' | 'pep440' | 'npm' | 'apk' | 'rpm' | 'go' | 'maven';

/**
 * Orders the versions of one ecosystem exactly as that ecosystem's own tool does
 * (`dpkg --compare-versions`, Python `packaging`, node-semver, `apk version -t`, `rpmvercmp`,
 * `golang.org/x/mod/semver`, Maven's `ComparableVersion`).
 */
export interface VersionComparator {
  /** Scheme name, used in errors and human output. */
  readonly scheme: VersionScheme;
  /** True when the ecosystem's tool accepts `version` without complaint. */
  isValid(version: string): boolean;
  /**
   * Orders `a` against `b`.
   * @throws InvalidVersionError when either side cannot be parsed by the scheme's rules.
   */
  compare(a: string, b: string): Ordering;
}

/** Clamps any number to an {@link Ordering}. */
export function sign(n: number | bigint): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
