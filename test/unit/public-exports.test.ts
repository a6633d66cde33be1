import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Pins every package's public surface: each subpath of each `exports` map, with the names it exports
 * and their kinds. A change to the public API shows up as a reviewed snapshot diff (`vitest -u`).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packages = ['sdk', 'reconciler', 'server'];

describe('public exports', () => {
  for (const dir of packages) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string | Record<string, string>>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      it(`${manifest.name}${subpath === '.' ? '' : subpath.slice(1)}`, async () => {
        const source = target['@scout-acr/source'];
        expect(source, `${subpath} has a source entry`).toBeTruthy();
        const mod = (await import(join(root, 'packages', dir, source as string))) as Record<string, unknown>;
        const surface = Object.keys(mod)
          .sort()
          .map((name) => `${name}: ${typeof mod[name]}`)
          .join('\n');
        const file = subpath === '.' ? 'index' : subpath.slice(2);
        await expect(`${surface}\n`).toMatchFileSnapshot(join('__exports__', dir, `${file}.txt`));
      });
    }
  }
});
