import type { Options } from 'tsup';

/** Shared tsup settings: ESM, Node 20, declarations, one entry per public subpath. */
export function packageBuild(entry: Record<string, string>, extra: Options = {}): Options {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...extra,
  };
}
