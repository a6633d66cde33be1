import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';
import { type GoModule, readGoBuildInfo } from './buildinfo.js';

/**
 * Packages of a Go binary: its main module, every dependency (the replacement's path and version when replaced,
 * as that is the code compiled in), and the standard library (`stdlib`, versioned by the toolchain).
 */
export function catalogGoBinary(content: Buffer, location: string): FoundPackage[] {
  const info = readGoBuildInfo(content);
  if (!info) return [];
  const out: FoundPackage[] = [];
  const add = (module: GoModule) => {
    const effective = module.replace ?? module;
    if (!effective.path || effective.path.startsWith('.') || effective.path.startsWith('/')) return; // local dirs
    out.push({
      type: 'golang',
      name: effective.path,
      version: effective.version,
      licenses: [],
      location,
      foundBy: 'go-binary',
    });
  };
  if (info.main) add(info.main);
  info.deps.forEach(add);
  const toolchain = /^go(\d+\.\d+(?:\.\d+)?)/.exec(info.goVersion);
  if (toolchain) {
    out.push({
      type: 'golang',
      name: 'stdlib',
      version: `v${toolchain[1]}`,
      licenses: [],
      location,
      foundBy: 'go-binary',
    });
  }
  return out;
}

/** Executable bit set for someone. */
const EXECUTABLE = 0o111;

export const goBinaryCataloger: Cataloger = {
  name: 'go-binary',
  maxBytes: 256 * 1024 * 1024,
  // Any executable may be a Go binary; the ELF check on the first bytes is instant. Shared objects (.so) are not.
  wants: (path, mode) => (mode & EXECUTABLE) !== 0 && !path.endsWith('.so') && !/\.(?:sh|py|pl|rb|js)$/.test(path),
  catalog: (path, content) => packageFindings(catalogGoBinary(content, path)),
};
