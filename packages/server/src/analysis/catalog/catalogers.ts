import type { WantsFile } from '../layer/scan-layer.js';
import { goBinaryCataloger } from './golang/go-binary.js';
import { javaArchiveCataloger } from './java/jar.js';
import { npmPackageJsonCataloger } from './npm/package-json.js';
import { npmPackageLockCataloger } from './npm/package-lock.js';
import { pnpmLockCataloger } from './npm/pnpm-lock.js';
import { yarnLockCataloger } from './npm/yarn-lock.js';
import { apkCataloger } from './os/apk.js';
import { debCopyrightCataloger } from './os/deb-copyright.js';
import { dpkgCataloger } from './os/dpkg.js';
import { osReleaseCataloger } from './os/os-release.js';
import { rpmCataloger } from './os/rpm.js';
import { pythonCataloger } from './python/python-metadata.js';
import type { Cataloger, Finding } from './types.js';

/** Every cataloger scout-acr runs, OS first. */
export const DEFAULT_CATALOGERS: readonly Cataloger[] = Object.freeze([
  osReleaseCataloger,
  dpkgCataloger,
  debCopyrightCataloger,
  apkCataloger,
  rpmCataloger,
  npmPackageJsonCataloger,
  npmPackageLockCataloger,
  yarnLockCataloger,
  pnpmLockCataloger,
  pythonCataloger,
  goBinaryCataloger,
  javaArchiveCataloger,
]);

/** The scan predicate for a set of catalogers: some cataloger wants the path and accepts the size. */
export function wantsAny(catalogers: readonly Cataloger[] = DEFAULT_CATALOGERS): WantsFile {
  return (path, size, mode) => catalogers.some((c) => size <= c.maxBytes && c.wants(path, mode));
}

/** Findings of one file, and the catalogers that failed on it (a bad file never fails the whole analysis). */
export interface FileCatalog {
  findings: Finding[];
  errors: string[];
}

/** Runs every cataloger that wants `path` on its content. */
export function catalogFile(
  path: string,
  content: Buffer,
  mode: number,
  catalogers: readonly Cataloger[] = DEFAULT_CATALOGERS,
): FileCatalog {
  const result: FileCatalog = { findings: [], errors: [] };
  for (const cataloger of catalogers) {
    if (content.length > cataloger.maxBytes || !cataloger.wants(path, mode)) continue;
    try {
      result.findings.push(...cataloger.catalog(path, content));
    } catch (error) {
      result.errors.push(`${cataloger.name}: /${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}
