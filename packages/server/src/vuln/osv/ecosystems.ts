import { UnsupportedEcosystemError } from '../errors.js';
import { apkComparator } from '../versions/apk.js';
import { dpkgComparator } from '../versions/dpkg.js';
import { goComparator } from '../versions/go.js';
import { mavenComparator } from '../versions/maven.js';
import { createNpmComparator, npmComparator } from '../versions/npm-semver.js';
import { pep440Comparator } from '../versions/pep440.js';
import { rpmComparator } from '../versions/rpm.js';
import type { VersionComparator } from '../versions/types.js';

/** An OSV ecosystem string taken apart: `Ubuntu:Pro:16.04:LTS` → Ubuntu, release 16.04, pro, lts. */
export interface OsvEcosystem {
  /** The ecosystem proper, e.g. `Ubuntu`, `Red Hat`, `Maven`. */
  name: string;
  /** The distribution release or stream (`12`, `22.04`, `v3.19`, `rhel_aus:8.4::appstream`), when given. */
  release?: string;
  /** Ubuntu: the `:LTS` suffix. */
  lts?: boolean;
  /** Ubuntu: the `:Pro:` infix (ESM updates). */
  pro?: boolean;
}

/**
 * Splits an ecosystem string into its name and release qualifiers, following the schema's ecosystem table.
 * Maven, Packagist and VSCode suffixes are repository URLs, not releases, and are kept as `release` verbatim.
 */
export function parseOsvEcosystem(ecosystem: string): OsvEcosystem {
  const colon = ecosystem.indexOf(':');
  if (colon < 0) return { name: ecosystem };
  const name = ecosystem.slice(0, colon);
  let rest = ecosystem.slice(colon + 1);
  if (name === 'Ubuntu') {
    const parts = rest.split(':');
    const pro = parts[0] === 'Pro';
    if (pro) parts.shift();
    const lts = parts.at(-1) === 'LTS';
    if (lts) parts.pop();
    rest = parts.join(':');
    return { name, release: rest, lts, pro };
  }
  return { name, release: rest };
}

const semverStrict = createNpmComparator({ loose: false });

// OSV ecosystem name → the comparator that orders its versions. Distributions are keyed without release.
const BY_ECOSYSTEM: Record<string, VersionComparator> = {
  Debian: dpkgComparator,
  Ubuntu: dpkgComparator,
  Alpine: apkComparator,
  Wolfi: apkComparator,
  Chainguard: apkComparator,
  'Red Hat': rpmComparator,
  'Rocky Linux': rpmComparator,
  AlmaLinux: rpmComparator,
  openSUSE: rpmComparator,
  SUSE: rpmComparator,
  Mageia: rpmComparator,
  'Photon OS': rpmComparator,
  openEuler: rpmComparator,
  npm: npmComparator,
  PyPI: pep440Comparator,
  Go: goComparator,
  Maven: mavenComparator,
  'crates.io': semverStrict,
};

/** True when {@link comparatorForEcosystem} knows the ecosystem. */
export function isSupportedEcosystem(ecosystem: string): boolean {
  return Object.hasOwn(BY_ECOSYSTEM, parseOsvEcosystem(ecosystem).name);
}

/**
 * The comparator for an OSV ecosystem string (`Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, `Red Hat:…`,
 * `npm`, `PyPI`, `Go`, `Maven`, `crates.io`, …).
 * @throws UnsupportedEcosystemError for ecosystems without a comparator.
 */
export function comparatorForEcosystem(ecosystem: string): VersionComparator {
  const { name } = parseOsvEcosystem(ecosystem);
  if (!Object.hasOwn(BY_ECOSYSTEM, name)) throw new UnsupportedEcosystemError(ecosystem);
  return BY_ECOSYSTEM[name]!;
}
