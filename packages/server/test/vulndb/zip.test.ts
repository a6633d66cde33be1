import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipEntries, ZipFormatError } from '../../src/vulndb/index.js';
import { OSV_DIR, tempDir, zipOf } from './helpers.js';

async function entries(path: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const e of readZipEntries(path)) out[e.name] = e.data.toString('utf8');
  return out;
}

describe('readZipEntries', () => {
  it('reads every file of a deflated archive byte for byte', async () => {
    const zip = zipOf(join(OSV_DIR, 'Go'), join(tempDir(), 'go.zip'));
    const files = await entries(zip);
    const names = readdirSync(join(OSV_DIR, 'Go')).sort();
    expect(Object.keys(files).sort()).toEqual(names);
    for (const name of names) expect(files[name]).toBe(readFileSync(join(OSV_DIR, 'Go', name), 'utf8'));
  });

  it('reads zip64 archives (Info-ZIP -fz) and skips directory entries', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{"id":"A"}');
    execFileSync('zip', ['-q', '-fz', '-r', 'z.zip', 'a.json', '.'], { cwd: dir });
    expect(await entries(join(dir, 'z.zip'))).toEqual({ 'a.json': '{"id":"A"}' });
  });

  it('rejects truncated and corrupted archives with ZipFormatError', async () => {
    const dir = tempDir();
    const zip = readFileSync(zipOf(join(OSV_DIR, 'npm'), join(dir, 'npm.zip')));
    writeFileSync(join(dir, 'truncated.zip'), zip.subarray(0, zip.length - 30));
    await expect(entries(join(dir, 'truncated.zip'))).rejects.toBeInstanceOf(ZipFormatError);
    const flipped = Buffer.from(zip);
    for (let i = 100; i < 400; i++) flipped[i] = flipped[i]! ^ 0xff;
    writeFileSync(join(dir, 'flipped.zip'), flipped);
    await expect(entries(join(dir, 'flipped.zip'))).rejects.toBeInstanceOf(ZipFormatError);
    // A stored entry with one changed byte is caught by its CRC-32.
    writeFileSync(join(dir, 'a.json'), '{"id":"A"}');
    execFileSync('zip', ['-q', '-0', 'stored.zip', 'a.json'], { cwd: dir });
    const stored = readFileSync(join(dir, 'stored.zip'));
    stored[stored.indexOf('"A"') + 1] = 'B'.charCodeAt(0);
    writeFileSync(join(dir, 'stored.zip'), stored);
    await expect(entries(join(dir, 'stored.zip'))).rejects.toThrow(/CRC-32 mismatch/);
  });
});
