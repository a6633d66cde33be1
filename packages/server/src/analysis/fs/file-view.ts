import type { LayerEntry, LayerScan } from '../layer/scan-layer.js';
import { baseName, parentPath } from './paths.js';

/** A non-directory file of the final image file system. */
export interface FileNode {
  type: 'file' | 'symlink' | 'other';
  path: string;
  size: number;
  mode: number;
  /** The diffID of the layer that last wrote this path. */
  layer: string;
  /** Symlink target as stored. */
  linkTarget?: string;
  /** For hard links: the path this file was linked from. */
  hardlinkOf?: string;
  /** Content, when a cataloger asked for this path during the scan. */
  content?: Buffer;
}

export interface DirNode {
  type: 'dir';
  path: string;
  mode: number;
  layer: string;
  children: Map<string, Node>;
}

export type Node = FileNode | DirNode;

/** The outcome of resolving a path: found (with its physical path), missing, or a symlink loop. */
export type Resolution = { status: 'found'; path: string; node: Node } | { status: 'missing' } | { status: 'loop' };

/** Linux gives up after 40 symlink hops (ELOOP); so do we. */
const MAX_SYMLINK_HOPS = 40;

/** The parts of a {@link LayerScan} the file view needs (lets cached scans be replayed). */
export type LayerChanges = Pick<LayerScan, 'diffId' | 'entries' | 'whiteouts' | 'opaqueDirs' | 'files'>;

/**
 * The final file system of an image: its layers applied in order, as an overlay mount would present them.
 * Whiteouts and opaque directories hide lower-layer content; a non-directory replaces a directory; hard links
 * share their target's content; symlinks are resolved on lookup inside the root (absolute targets and `..`
 * are clamped to it, as in a chroot) with loop detection.
 */
export class FileView {
  readonly root: DirNode = { type: 'dir', path: '', mode: 0o755, layer: '', children: new Map() };
  /** Entries that could not be applied (e.g. a hard link to a missing file), for diagnostics. */
  readonly warnings: string[] = [];

  /** Builds the view of layers given bottom (base) first. */
  static fromLayers(layers: Iterable<LayerChanges>): FileView {
    const view = new FileView();
    for (const layer of layers) view.apply(layer);
    return view;
  }

  /** Applies one more layer on top. */
  apply(layer: LayerChanges): void {
    // Whiteouts and opaque markers only ever hide lower layers, wherever they sit in the tar (OCI image spec).
    for (const path of layer.whiteouts) {
      const parent = this.directory(parentPath(path), false);
      parent?.children.delete(baseName(path));
    }
    for (const path of layer.opaqueDirs) this.directory(path, false)?.children.clear();
    for (const entry of layer.entries) this.add(entry, layer);
  }

  /** Resolves a path; `followFinal: false` returns a final symlink itself rather than its target. */
  resolve(path: string, followFinal = true): Resolution {
    const pending = path.split('/').reverse();
    const dirs: DirNode[] = [this.root];
    const names: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (names.length > 0) {
          names.pop();
          dirs.pop();
        }
        continue;
      }
      const child = dirs[dirs.length - 1]!.children.get(name);
      if (!child) return { status: 'missing' };
      const last = !pending.some((p) => p !== '' && p !== '.');
      if (child.type === 'symlink' && (!last || followFinal)) {
        if (++hops > MAX_SYMLINK_HOPS) return { status: 'loop' };
        const target = child.linkTarget ?? '';
        if (target === '') return { status: 'missing' };
        if (target.startsWith('/')) {
          dirs.length = 1;
          names.length = 0;
        }
        pending.push(...target.split('/').reverse());
        continue;
      }
      if (last) return { status: 'found', path: [...names, name].join('/'), node: child };
      if (child.type !== 'dir') return { status: 'missing' };
      dirs.push(child);
      names.push(name);
    }
    return { status: 'found', path: names.join('/'), node: dirs[dirs.length - 1]! };
  }

  /** The content of a file (following symlinks), when it was captured. */
  readFile(path: string): Buffer | undefined {
    const found = this.resolve(path);
    return found.status === 'found' && found.node.type === 'file' ? found.node.content : undefined;
  }

  /** Every non-directory node, depth first, in name order. */
  *files(): Generator<FileNode> {
    const stack: DirNode[] = [this.root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      const names = [...dir.children.keys()].sort().reverse();
      for (const name of names) {
        const node = dir.children.get(name)!;
        if (node.type === 'dir') stack.push(node);
        else yield node;
      }
    }
  }

  /** Every path in the view (directories included), sorted; handy for comparisons. */
  paths(): string[] {
    const out: string[] = [];
    const walk = (dir: DirNode) => {
      for (const node of dir.children.values()) {
        out.push(node.type === 'dir' ? `${node.path}/` : node.path);
        if (node.type === 'dir') walk(node);
      }
    };
    walk(this.root);
    return out.sort();
  }

  /**
   * The directory at `path`, following symlinks in it (as writing through a real file system would);
   * created on demand when `create` is set. Undefined when a component is a file or a loop.
   */
  private directory(path: string, create: boolean): DirNode | undefined {
    if (path === '') return this.root;
    const found = this.resolve(path);
    if (found.status === 'found') return found.node.type === 'dir' ? found.node : undefined;
    if (!create || found.status === 'loop') return undefined;
    const parent = this.directory(parentPath(path), true);
    if (!parent) return undefined;
    const name = baseName(path);
    const existing = parent.children.get(name);
    if (existing) return existing.type === 'dir' ? existing : undefined; // a dangling symlink stays
    const dir: DirNode = { type: 'dir', path: joinChild(parent, name), mode: 0o755, layer: '', children: new Map() };
    parent.children.set(name, dir);
    return dir;
  }

  private add(entry: LayerEntry, layer: LayerChanges): void {
    const parent = this.directory(parentPath(entry.path), true);
    if (!parent) {
      this.warnings.push(`${entry.path}: parent is not a directory`);
      return;
    }
    const name = baseName(entry.path);
    const path = joinChild(parent, name);
    const existing = parent.children.get(name);
    if (entry.type === 'dir') {
      if (existing?.type === 'dir') {
        existing.mode = entry.mode;
        existing.layer = layer.diffId;
      } else
        parent.children.set(name, { type: 'dir', path, mode: entry.mode, layer: layer.diffId, children: new Map() });
      return;
    }
    if (entry.type === 'hardlink') {
      const target = this.resolve(entry.linkTarget ?? '', false);
      if (target.status !== 'found' || target.node.type === 'dir') {
        this.warnings.push(`${entry.path}: hard link to missing ${entry.linkTarget}`);
        return;
      }
      const content = layer.files.get(entry.path) ?? (target.node.type === 'file' ? target.node.content : undefined);
      parent.children.set(name, { ...target.node, path, layer: layer.diffId, hardlinkOf: target.path, content });
      return;
    }
    const node: FileNode = {
      type: entry.type === 'file' ? 'file' : entry.type === 'symlink' ? 'symlink' : 'other',
      path,
      size: entry.size,
      mode: entry.mode,
      layer: layer.diffId,
    };
    if (entry.linkTarget !== undefined) node.linkTarget = entry.linkTarget;
    const content = entry.type === 'file' ? layer.files.get(entry.path) : undefined;
    if (content) node.content = content;
    parent.children.set(name, node);
  }
}

function joinChild(parent: DirNode, name: string): string {
  return parent.path === '' ? name : `${parent.path}/${name}`;
}
