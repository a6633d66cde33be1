/**
 * The bench image: about 100 MB of gzip layers holding realistic files of this machine (shared data from
 * `/usr/share`, this workspace's real pnpm `node_modules` store, the Python standard library and dist-packages)
 * plus real package metadata (dpkg status, os-release), and a small application layer on top whose content
 * depends on `build`, so two builds differ in their last layer only.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileTree, LayerSpec } from '../../test/harness/images/index.js';
import { repoRoot } from '../../test/harness/tls/index.js';

/** Regular files under `dir` (sorted walk, symlinks skipped, files over 16 MB skipped) up to `budget` bytes. */
export function collectFiles(dir: string, prefix: string, budget: number): FileTree {
  const tree: FileTree = {};
  let used = 0;
  const walk = (path: string, rel: string): boolean => {
    let entries: string[];
    try {
      entries = readdirSync(path).sort();
    } catch {
      return true;
    }
    for (const name of entries) {
      const full = join(path, name);
      const stat = lstatSync(full, { throwIfNoEntry: false });
      if (!stat || stat.isSymbolicLink()) continue;
      const target = `${rel}/${name}`;
      if (!fitsUstar(target)) continue;
      if (stat.isDirectory()) {
        if (!walk(full, target)) return false;
      } else if (stat.isFile() && stat.size <= 16 * 1024 * 1024) {
        if (used + stat.size > budget) return false;
        try {
          tree[target] = readFileSync(full);
          used += stat.size;
        } catch {
          // unreadable file: skip
        }
      }
    }
    return true;
  };
  walk(dir, prefix);
  return tree;
}

const MB = 1024 * 1024;

/** Whether the harness's ustar writer can store `path` (name ≤ 100 bytes after a prefix of ≤ 155 bytes). */
function fitsUstar(path: string): boolean {
  if (Buffer.byteLength(path) <= 100) return true;
  const cut = path.lastIndexOf('/', 155);
  return cut > 0 && Buffer.byteLength(path.slice(cut + 1)) <= 100 && Buffer.byteLength(path.slice(0, cut)) <= 155;
}

/** The base layers (identical across builds) and the application layer of build `build`. */
export function benchLayers(build: string): LayerSpec[] {
  const os: FileTree = {};
  for (const path of ['etc/os-release', 'usr/lib/os-release', 'etc/debian_version', 'var/lib/dpkg/status']) {
    if (existsSync(`/${path}`)) os[path] = readFileSync(`/${path}`);
  }
  return [
    { files: { ...os, ...collectFiles('/usr/share', 'usr/share', 100 * MB) } },
    { files: collectFiles(join(repoRoot, 'node_modules', '.pnpm'), 'srv/app/node_modules/.pnpm', 100 * MB) },
    {
      files: {
        ...collectFiles('/usr/lib/python3.11', 'usr/lib/python3.11', 30 * MB),
        ...collectFiles('/usr/lib/python3/dist-packages', 'usr/lib/python3/dist-packages', 30 * MB),
      },
    },
    { files: appLayer(build) },
  ];
}

/** A small application: its package.json names the build, plus a few MB of sources that differ per build. */
function appLayer(build: string): FileTree {
  const tree: FileTree = {
    'srv/app/package.json': JSON.stringify({ name: 'bench-app', version: `1.0.${build}`, private: true }),
  };
  const sources = collectFiles(join(repoRoot, 'packages'), 'srv/app/src', 4 * MB);
  for (const [path, content] of Object.entries(sources)) {
    tree[path] = Buffer.concat([Buffer.from(`// build ${build}\n`), content as Buffer]);
  }
  return tree;
}
