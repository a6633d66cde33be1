import { afterAll, describe, expect, it } from 'vitest';
import { FileView, type LayerScan, scanLayer } from '../../src/analysis/index.js';
import { buildLayerTar, chunked, Scratch, TAR_LAYER, type TreeSpec } from './helpers/layers.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

async function layer(spec: TreeSpec): Promise<LayerScan> {
  return scanLayer(chunked(buildLayerTar(scratch, spec)), { mediaType: TAR_LAYER, wants: () => true });
}

describe('FileView', () => {
  it('applies whiteouts, opaque directories and replacements across real layers', async () => {
    const base = await layer({
      'app/data/x': 'x',
      'app/keep': 'k',
      'opt/old/y': 'y',
      'opt/z': 'z',
      'usr/lib/node_modules/a/package.json': '{}',
      'usr/local/bin/tool': 'tool v1',
      'srv/cache/c': 'c',
    });
    const top = await layer({
      'app/.wh.data': '',
      'opt/.wh..wh..opq': '',
      'opt/new': 'n',
      'usr/lib/node_modules': 'now a file',
      'usr/local/bin/tool': { symlink: '/usr/bin/other' },
      'srv/.wh.cache': '',
      'srv/cache/fresh': 'f', // recreated in the same layer as its whiteout: survives
    });
    const view = FileView.fromLayers([base, top]);
    expect(view.paths()).toEqual([
      'app/',
      'app/keep',
      'opt/',
      'opt/new',
      'srv/',
      'srv/cache/',
      'srv/cache/fresh',
      'usr/',
      'usr/lib/',
      'usr/lib/node_modules',
      'usr/local/',
      'usr/local/bin/',
      'usr/local/bin/tool',
    ]);
    expect(view.readFile('usr/lib/node_modules')?.toString()).toBe('now a file');
    expect(view.resolve('usr/local/bin/tool', false)).toMatchObject({ status: 'found', node: { type: 'symlink' } });
    expect(view.resolve('usr/local/bin/tool').status).toBe('missing');
    expect(view.readFile('app/keep')?.toString()).toBe('k');
    const keep = view.resolve('app/keep');
    expect(keep.status === 'found' && keep.node.layer).toBe(base.diffId);
    const fresh = view.resolve('srv/cache/fresh');
    expect(fresh.status === 'found' && fresh.node.layer).toBe(top.diffId);
  });

  it('resolves symlinks inside the root: relative, absolute, clamped `..`, and loops', async () => {
    const view = FileView.fromLayers([
      await layer({
        'etc/passwd': 'root:x:0:0',
        'usr/lib/os-release': 'ID=debian',
        'etc/os-release': { symlink: '../usr/lib/os-release' },
        lib: { symlink: 'usr/lib' },
        'abs/link': { symlink: '/usr/lib/os-release' },
        'deep/escape': { symlink: '../../../../../../etc/passwd' },
        'deep/absolute-escape': { symlink: '/../../etc/passwd' },
        'loop/a': { symlink: 'b' },
        'loop/b': { symlink: 'a' },
        'loop/self': { symlink: 'self' },
        'via/dir': { symlink: '../lib' },
      }),
    ]);
    expect(view.readFile('etc/os-release')?.toString()).toBe('ID=debian');
    expect(view.readFile('lib/os-release')?.toString()).toBe('ID=debian');
    expect(view.readFile('abs/link')?.toString()).toBe('ID=debian');
    expect(view.readFile('via/dir/os-release')?.toString()).toBe('ID=debian');
    expect(view.resolve('via/dir/os-release')).toMatchObject({ status: 'found', path: 'usr/lib/os-release' });
    // Climbing above the root stops at the root, as in a chroot: never the host's /etc/passwd.
    expect(view.readFile('deep/escape')?.toString()).toBe('root:x:0:0');
    expect(view.readFile('deep/absolute-escape')?.toString()).toBe('root:x:0:0');
    expect(view.resolve('../../etc/passwd')).toMatchObject({ status: 'found', path: 'etc/passwd' });
    expect(view.resolve('loop/a').status).toBe('loop');
    expect(view.resolve('loop/self').status).toBe('loop');
    expect(view.resolve('loop/a', false).status).toBe('found');
    expect(view.resolve('nothing/here').status).toBe('missing');
    expect(view.resolve('etc/passwd/child').status).toBe('missing');
  });

  it('gives hard links their target content, also across layers and after the target is deleted', async () => {
    // tar stores the first name (python3) as the file and python3.11 as a link to it.
    const base = await layer({
      'usr/bin/python3': 'ELF python',
      'usr/bin/python3.11': { hardlink: 'usr/bin/python3' },
    });
    expect(base.entries.map((e) => e.type)).toContain('hardlink');
    // GNU tar cannot write a link to a member of another archive, so this cross-layer link is described directly.
    const mid = {
      diffId: 'sha256:mid',
      entries: [
        { path: 'usr/local/bin/py', type: 'hardlink' as const, size: 0, mode: 0o755, linkTarget: 'usr/bin/python3.11' },
      ],
      whiteouts: [],
      opaqueDirs: [],
      files: new Map<string, Buffer>(),
    };
    const top = await layer({ 'usr/bin/.wh.python3': '' });
    const view = FileView.fromLayers([base, mid, top]);
    expect(view.readFile('usr/bin/python3.11')?.toString()).toBe('ELF python');
    expect(view.resolve('usr/bin/python3.11')).toMatchObject({ node: { hardlinkOf: 'usr/bin/python3' } });
    expect(view.readFile('usr/local/bin/py')?.toString()).toBe('ELF python');
    expect(view.resolve('usr/bin/python3').status).toBe('missing');
  });

  it('writes through a symlinked parent directory, as extraction onto a real file system does', async () => {
    const base = await layer({ 'usr/lib/x': 'x', lib: { symlink: 'usr/lib' } });
    const top = await layer({ 'lib/y': 'y' });
    const view = FileView.fromLayers([base, top]);
    expect(view.readFile('usr/lib/y')?.toString()).toBe('y');
    expect(view.resolve('lib', false)).toMatchObject({ node: { type: 'symlink' } });
  });

  it('records (and skips) a hard link to a file that does not exist', () => {
    const view = FileView.fromLayers([
      {
        diffId: 'sha256:x',
        entries: [{ path: 'a', type: 'hardlink', size: 0, mode: 0o644, linkTarget: 'missing' }],
        whiteouts: [],
        opaqueDirs: [],
        files: new Map(),
      },
    ]);
    expect(view.paths()).toEqual([]);
    expect(view.warnings).toEqual(['a: hard link to missing missing']);
  });
});
