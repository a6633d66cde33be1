import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  importOsv,
  openVulnDb,
  updateFromUrl,
  type VulnDbProgress,
  VulnDownloadError,
  vulnDbStatus,
} from '../../src/vulndb/index.js';
import { ecosystemArchiveUrl } from '../../src/vulndb/update.js';
import { OSV_DIR, tempDir, zipOf } from './helpers.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Serves `<path> → bytes` on 127.0.0.1; `failures` answers 503 that many times first; records request paths. */
async function serve(files: Record<string, Buffer>, failures = 0): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  let failuresLeft = failures;
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503, { 'retry-after': '0' }).end();
      return;
    }
    const body = files[decodeURIComponent(req.url ?? '')];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/osv`, requests };
}

function archives(): Record<string, Buffer> {
  const work = tempDir('vulndb-zips-');
  return {
    '/osv/npm/all.zip': readFileSync(zipOf(join(OSV_DIR, 'npm'), join(work, 'npm.zip'))),
    '/osv/PyPI/all.zip': readFileSync(zipOf(join(OSV_DIR, 'PyPI'), join(work, 'pypi.zip'))),
  };
}

describe('updateFromUrl', () => {
  it('downloads <base>/<Ecosystem>/all.zip per ecosystem, reports progress and imports them', async () => {
    const files = archives();
    const { base, requests } = await serve(files);
    const dataDir = tempDir();
    const progress: VulnDbProgress[] = [];
    const status = await updateFromUrl(base, ['npm', 'PyPI'], { dataDir, onProgress: (p) => progress.push(p) });
    expect(requests).toEqual(['/osv/npm/all.zip', '/osv/PyPI/all.zip']);
    expect(status.recordsByEcosystem).toEqual({ PyPI: 21, npm: 11 });
    expect(status.sources).toEqual([`${base}/npm/all.zip`, `${base}/PyPI/all.zip`]);
    const downloads = progress.filter((p) => p.phase === 'download' && p.source === `${base}/npm/all.zip`);
    expect(downloads[0]).toMatchObject({ bytes: 0, totalBytes: files['/osv/npm/all.zip']!.length });
    expect(downloads.at(-1)).toMatchObject({
      bytes: files['/osv/npm/all.zip']!.length,
      totalBytes: files['/osv/npm/all.zip']!.length,
    });
    expect(progress.at(-1)!.phase).toBe('done');
    const db = openVulnDb(dataDir);
    expect(db.candidates('npm', 'lodash')).toHaveLength(2);
    db.close();
  });

  it('retries a transient 503 and path-encodes ecosystem names', async () => {
    const { base, requests } = await serve(archives(), 2);
    const dataDir = tempDir();
    const status = await updateFromUrl(base, ['npm'], { dataDir, retry: { baseDelayMs: 1 } });
    expect(status.records).toBe(11);
    expect(requests).toHaveLength(3);
    expect(ecosystemArchiveUrl('https://h/x/', 'Red Hat')).toBe('https://h/x/Red%20Hat/all.zip');
  });

  it('changes nothing when a download fails', async () => {
    const { base } = await serve(archives());
    const dataDir = tempDir();
    const before = await importOsv(join(OSV_DIR, 'Go'), { dataDir });
    const failure = updateFromUrl(base, ['npm', 'crates.io'], { dataDir, retry: { maxRetries: 0 } });
    await expect(failure).rejects.toBeInstanceOf(VulnDownloadError);
    await expect(failure).rejects.toMatchObject({ status: 404 });
    expect(vulnDbStatus(dataDir)).toEqual(before);
  });
});
