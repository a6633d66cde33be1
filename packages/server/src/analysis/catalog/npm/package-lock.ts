import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';
import { nameFromNodeModulesPath, npmLicenses, npmPackage, parseJson } from './npm-package.js';

interface LockV1Dependency {
  version?: string;
  dependencies?: Record<string, LockV1Dependency>;
}

interface LockV2Entry {
  name?: string;
  version?: string;
  license?: unknown;
  link?: boolean;
}

/**
 * Parses an npm lockfile: v2/v3 `packages` (keyed by install path, `""` is the project itself) and v1's nested
 * `dependencies` tree. Linked workspace entries and version-less entries are skipped.
 */
export function parsePackageLock(content: Buffer, location: string): FoundPackage[] {
  const lock = parseJson(content) as
    | { packages?: Record<string, LockV2Entry>; dependencies?: Record<string, LockV1Dependency> }
    | undefined;
  if (!lock || typeof lock !== 'object') return [];
  const out: FoundPackage[] = [];
  if (lock.packages && typeof lock.packages === 'object') {
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === '' || !entry || entry.link || typeof entry.version !== 'string') continue;
      const name = entry.name ?? nameFromNodeModulesPath(key);
      if (!name) continue;
      out.push(npmPackage(name, entry.version, location, 'npm-package-lock', npmLicenses(entry.license)));
    }
    return out;
  }
  const walk = (deps: Record<string, LockV1Dependency> | undefined) => {
    for (const [name, dep] of Object.entries(deps ?? {})) {
      // v1 writes non-registry sources (git, file:) as the version; those are not semver versions.
      if (typeof dep.version === 'string' && !/^(?:file|git|link|github):|:\/\//.test(dep.version)) {
        out.push(npmPackage(name, dep.version.replace(/^npm:.*@/, ''), location, 'npm-package-lock'));
      }
      walk(dep.dependencies);
    }
  };
  walk(lock.dependencies);
  return out;
}

export const npmPackageLockCataloger: Cataloger = {
  name: 'npm-package-lock',
  maxBytes: 64 * 1024 * 1024,
  wants: (path) =>
    (path === 'package-lock.json' || path.endsWith('/package-lock.json')) && !path.includes('node_modules/'),
  catalog: (path, content) => packageFindings(parsePackageLock(content, path)),
};
