/**
 * File trees holding this machine's REAL package metadata, for images that two scanners inventory side by side:
 * the dpkg database and os-release files of the host (Debian), `package.json` files of the npm packages installed
 * in this workspace's pnpm store, and the Python distributions' metadata under `/usr/lib/python3/dist-packages`.
 * Only the files catalogers read are copied, so the images stay small.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileTree } from '../../../harness/images/index.js';
import { repoRoot } from '../../../harness/tls/index.js';

const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

/** `/etc/os-release`, `/usr/lib/os-release`, `/etc/debian_version` (Trivy's Debian detector reads the latter). */
export function osReleaseTree(): FileTree {
  const tree: FileTree = {};
  for (const path of ['etc/os-release', 'usr/lib/os-release', 'etc/debian_version']) {
    if (existsSync(`/${path}`)) tree[path] = readFileSync(`/${path}`);
  }
  return tree;
}

/** The host's whole dpkg status file (every stanza). */
export function dpkgTree(): FileTree {
  return { 'var/lib/dpkg/status': readFileSync('/var/lib/dpkg/status') };
}

/**
 * Up to `limit` installed npm packages (one version per name, the first in the store's sorted order), each as
 * `<root>/node_modules/<name>/package.json`.
 */
export function npmTree(limit = 80, root = 'srv/app'): FileTree {
  const store = join(repoRoot, 'node_modules', '.pnpm');
  const tree: FileTree = {};
  const seen = new Set<string>();
  for (const entry of readdirSync(store).sort()) {
    const modules = join(store, entry, 'node_modules');
    if (!existsSync(modules)) continue;
    for (const name of packageNames(modules)) {
      if (seen.size >= limit) return tree;
      if (seen.has(name)) continue;
      const manifest = join(modules, name, 'package.json');
      // Symlinked siblings are the entry's dependencies; each is visited under its own store entry instead.
      if (!existsSync(manifest) || statSync(join(modules, name), { throwIfNoEntry: false })?.isDirectory() !== true)
        continue;
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name !== name || !json.version) continue;
      seen.add(name);
      tree[`${root}/node_modules/${name}/package.json`] = readFileSync(manifest);
    }
  }
  return tree;
}

function packageNames(modules: string): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of readdirSync(join(modules, entry))) names.push(`${entry}/${scoped}`);
    } else names.push(entry);
  }
  return names;
}

/** Every `*.dist-info/METADATA` and `*.egg-info` (`PKG-INFO` in a directory, or the file itself) of dist-packages. */
export function pythonTree(): FileTree {
  const tree: FileTree = {};
  const base = DIST_PACKAGES.slice(1);
  for (const entry of readdirSync(DIST_PACKAGES)) {
    const path = join(DIST_PACKAGES, entry);
    if (entry.endsWith('.dist-info') && existsSync(join(path, 'METADATA')))
      tree[`${base}/${entry}/METADATA`] = readFileSync(join(path, 'METADATA'));
    else if (entry.endsWith('.egg-info')) {
      if (statSync(path).isDirectory()) {
        if (existsSync(join(path, 'PKG-INFO')))
          tree[`${base}/${entry}/PKG-INFO`] = readFileSync(join(path, 'PKG-INFO'));
      } else tree[`${base}/${entry}`] = readFileSync(path);
    }
  }
  return tree;
}

/** Writes a tree of regular files (strings/Buffers only) under `dir`, for `trivy rootfs`. */
export async function writeTree(dir: string, ...trees: FileTree[]): Promise<void> {
  for (const tree of trees) {
    for (const [path, entry] of Object.entries(tree)) {
      if (typeof entry !== 'string' && !Buffer.isBuffer(entry)) throw new Error(`writeTree: ${path} is not a file`);
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), entry);
    }
  }
}
