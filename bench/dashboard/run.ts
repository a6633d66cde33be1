/**
 * bench/dashboard: the image page on big data. One image of ~2,000 npm packages (`node_modules/<name>/package.json`)
 * with ~1,000 findings (generated OSV records imported with `scout-acr-server db import`), pushed to the test
 * registry and analyzed through the real flow (integration, activation, analysis job, matching). In Debian's
 * chromium it prints:
 *   - time to the vulnerabilities table fully rendered (navigation start → painted), split into data received
 *     and the dashboard's own rendering, over several loads;
 *   - time per filter change (median/p95 of 20 changes: severity toggles and search texts);
 *   - the reference measured in the same run: chromium painting a static HTML table of the same rows, and the
 *     100 ms RAIL budget for a response without perceptible lag.
 * Figures only, no assertions.
 *
 *   pnpm bench dashboard      (BENCH_DASHBOARD_PACKAGES=2000 BENCH_DASHBOARD_FINDINGS=1000 BENCH_DASHBOARD_LOADS=10)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScoutClient, type Vulnerability } from '@scout-acr/sdk/client';
import { createApiKey, type ScoutServer } from '@scout-acr/server';
import { runCli, startAnalysisServer } from '../../test/e2e/server/server-process.js';
import { createReadOnlyToken } from '../../test/harness/arm-client.js';
import { launchBrowser } from '../../test/harness/browser.js';
import { buildOciLayout, pushImage } from '../../test/harness/images/index.js';
import type { TestRegistry } from '../../test/harness/registry/index.js';
import { ensureTestCa } from '../../test/harness/tls/index.js';
import { until } from '../../test/harness/until.js';
import { startWorld, type World } from '../../test/harness/world.js';
import { benchAdvisories, benchPackages, packageFiles } from './data.js';
import { type CpuCost, measureDashboard, measureStatic, staticTableHtml } from './measure.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PACKAGES = num('BENCH_DASHBOARD_PACKAGES', 2000);
const FINDINGS = num('BENCH_DASHBOARD_FINDINGS', 1000);
const LOADS = num('BENCH_DASHBOARD_LOADS', 10);
const RAIL_MS = 100;

// The registry speaks HTTPS with the test CA; Node reads NODE_EXTRA_CA_CERTS only at start, so re-run with it.
if (!process.env.SCOUT_ACR_BENCH_DASHBOARD_CHILD) {
  const ca = await ensureTestCa();
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath, SCOUT_ACR_BENCH_DASHBOARD_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), n: values.length };
};
const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

const temp = await mkdtemp(join(tmpdir(), 'scout-acr-bench-dashboard-'));
const dataDir = join(temp, 'server');
let world: World | undefined;
let server: ScoutServer | undefined;
const browser = await launchBrowser();
try {
  world = await startWorld({ registries: ['benchdashboard'], resourceGroup: 'rg-bench-dashboard' });
  const registry = world.registries[0] as TestRegistry;
  server = await startAnalysisServer(dataDir);

  const packages = benchPackages(PACKAGES);
  const osvDir = join(temp, 'osv');
  await mkdir(osvDir);
  const advisories = benchAdvisories(packages, FINDINGS) as Array<{ id: string }>;
  await Promise.all(advisories.map((a) => writeFile(join(osvDir, `${a.id}.json`), JSON.stringify(a))));
  const imported = await runCli(['db', 'import', osvDir, '--quiet', '--data', dataDir]);
  if (imported.code !== 0) throw new Error(`db import failed: ${imported.stderr}`);
  const adminKey = (await createApiKey(server.context.store, { org: 'bench', role: 'admin' })).key;
  const client = new ScoutClient({ baseUrl: server.url, apiKey: adminKey });
  await until(async () => ((await client.vulndb.status()).loadedAt ? true : undefined), 300_000, 200);

  // A read-only ACR token for the integration, as in the e2e worlds.
  const password = await createReadOnlyToken(world.emulator.url, registry.registryId, 'scout-bench');
  const integration = await client.integrations.create({
    loginServer: registry.loginServer,
    tokenName: 'scout-bench',
    password,
  });

  const layout = join(temp, 'image');
  await buildOciLayout({
    dir: layout,
    image: {
      layers: [{ files: { 'etc/os-release': readFileSync('/etc/os-release') } }, { files: packageFiles(packages) }],
    },
  });
  await pushImage({ layoutDir: layout, ref: 'bench/app:1', registry });
  // Activation queues the analysis of the repository's latest image: the real flow, without Event Grid.
  const started = performance.now();
  await client.repositories.activate(integration.id, { names: ['bench/app'] });
  const image = await until(
    async () => {
      const found = (await client.images.lookup(integration.id, 'bench/app:1')).images[0];
      return found?.status === 'ANALYZED' && found.matchedAt ? found : undefined;
    },
    300_000,
    200,
  );
  const analysedMs = performance.now() - started;
  const vulns: Vulnerability[] = [];
  for await (const v of client.images.vulnerabilities(integration.id, image.digest)) vulns.push(v);
  const counts = image.vulnerabilities;
  process.stdout.write(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores\n` +
      `image: ${image.packageCount} packages, ${vulns.length} findings ` +
      `(${counts?.critical}C ${counts?.high}H ${counts?.medium}M ${counts?.low}L ${counts?.unspecified}U), ` +
      `analysed and matched in ${(analysedMs / 1000).toFixed(1)} s; chromium ${browser.version()}\n`,
  );

  const dashboard = await measureDashboard(browser, {
    baseURL: server.url,
    key: adminKey,
    path: `/integrations/${integration.id}/images/${image.digest}?repository=bench/app`,
    loads: LOADS,
    searches: ['react', 'ghsa-', 'cve-2021', 'prototype', '@acme/', 'zzz-no-match', 'core', 'lodash-c', 'middleware'],
  });
  const reference = await measureStatic(browser, staticTableHtml(vulns), LOADS);
  const cpu = (list: Array<{ cpu?: { thread: number } | undefined }>) =>
    stats(list.flatMap((x) => (x.cpu ? [x.cpu.thread] : [])));
  const part = (list: Array<{ cpu?: CpuCost | undefined }>, key: keyof CpuCost) =>
    stats(list.flatMap((x) => (x.cpu ? [x.cpu[key]] : [])));

  const total = stats(dashboard.loads.map((l) => l.total));
  const data = stats(dashboard.loads.map((l) => l.dataReceived));
  const render = stats(dashboard.loads.map((l) => l.render));
  const staticPaint = stats(reference.paint);
  const severity = dashboard.filters.filter((f) => f.kind === 'severity');
  const search = dashboard.filters.filter((f) => f.kind === 'search');
  const sev = stats(severity.map((f) => f.total));
  const searchTotal = stats(search.map((f) => f.total));
  const searchFilter = stats(search.map((f) => f.filter));
  const all = stats(dashboard.filters.map((f) => f.filter));
  const row = (label: string, s: { median: number; p95: number; n: number }, note = '') =>
    `${label.padEnd(52)}${ms(s.median)}${ms(s.p95)}  ${String(s.n).padStart(3)}  ${note}\n`;
  process.stdout.write(
    `\nrows in the table: ${dashboard.rows}; page loads: ${LOADS}; filter changes: ${dashboard.filters.length}\n\n` +
      `${'measure'.padEnd(52)}${'median'.padStart(10)}${'p95'.padStart(10)}  ${'n'.padStart(3)}  reference\n` +
      row('image page: vulnerabilities table painted', total, 'from navigation start') +
      row('  of which: last page of findings received', data, '2 pages of 500, with packages and history') +
      row('  of which: dashboard rendering after the data', render, '') +
      row('reference: static HTML table of the same rows', staticPaint, 'navigation start → painted') +
      row('filter change: severity toggle → painted', sev, `budget ${RAIL_MS} ms (RAIL)`) +
      row('filter change: search text → painted', searchTotal, `incl. 50 ms debounce; budget ${RAIL_MS} ms`) +
      row('  of which: filtering and paint after the debounce', searchFilter, '') +
      row('every filter change: filter applied → painted', all, `budget ${RAIL_MS} ms (RAIL)`) +
      `\nmain-thread CPU time (Chrome's ThreadTime; what a busy machine does not inflate)\n` +
      row('image page rendered (client-side navigation)', cpu(dashboard.loads), 'JSON, rows, layout; packages too') +
      row(
        'reference: static table markup inserted → painted',
        cpu(reference.cpu.map((c) => ({ cpu: c }))),
        'parse, style, layout',
      ) +
      row('filter change: severity toggle', cpu(severity), `budget ${RAIL_MS} ms (RAIL)`) +
      row('filter change: search text', cpu(search), `budget ${RAIL_MS} ms (RAIL)`) +
      row('  every change: script', part(dashboard.filters, 'script'), '') +
      row('  every change: style', part(dashboard.filters, 'style'), '') +
      row('  every change: layout', part(dashboard.filters, 'layout'), '') +
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} cores\n` +
      (dashboard.problems.length > 0 ? `\nconsole errors: ${dashboard.problems.join('; ')}\n` : ''),
  );
} finally {
  await browser.close();
  await server?.close(2_000);
  await world?.close();
  await rm(temp, { recursive: true, force: true });
}
