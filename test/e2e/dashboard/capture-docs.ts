/**
 * Writes the dashboard screenshots of docs/dashboard.md (`docs/images/dashboard-*.png`): starts the insights test
 * world (real registry, OSV fixtures, three analyzed images), signs in with its admin key in Debian's chromium and
 * captures each main page, as the browser tests do for `.artifacts/dashboard/`.
 *
 *   pnpm exec tsx --conditions=@scout-acr/source test/e2e/dashboard/capture-docs.ts
 *
 * Host names, digests and times differ on every run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowser, type Page } from '../../harness/browser.js';
import { ensureTestCa } from '../../harness/tls/index.js';
import { startInsightsWorld } from '../insights/world.js';
import { REPO_ROOT } from '../server/server-process.js';
import { fullPageShot, openDashboard, type PageDocument, rowsOf, signIn } from './pages.js';

// The test registry speaks HTTPS with the test CA; Node reads NODE_EXTRA_CA_CERTS only at start, so re-run with it.
if (!process.env.SCOUT_ACR_CAPTURE_CHILD) {
  const ca = await ensureTestCa();
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath, SCOUT_ACR_CAPTURE_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

declare const document: PageDocument;

const OUT = join(REPO_ROOT, 'docs', 'images');
const w = await startInsightsWorld();
const browser = await launchBrowser();
try {
  const shot = async (page: Page, name: string) => {
    await fullPageShot(page, join(OUT, `dashboard-${name}.png`));
    process.stdout.write(`wrote docs/images/dashboard-${name}.png\n`);
  };
  const d = await openDashboard(browser, { baseURL: w.serverUrl, width: 1200, height: 720 });
  d.expectHttp(401, '/v1/me');
  await d.page.goto('/signin');
  await d.page.waitForSelector('#api-key');
  await d.page.evaluate(() => document.activeElement?.blur());
  await shot(d.page, 'signin');
  await signIn(d, w.adminKey);
  await d.page.waitForSelector('.card.integration');
  await shot(d.page, 'integrations');
  await d.page.click('.card.integration h2 a');
  await d.page.waitForSelector(rowsOf('.repos'));
  await shot(d.page, 'integration');
  await d.page.click('.repos a:text-is("shop/api")');
  await d.page.waitForSelector('svg.chart circle');
  await shot(d.page, 'repository');
  await d.page.goto(`/integrations/${w.integrationId}/images/${w.images.v1.digest}?repository=shop/api`);
  await d.page.waitForSelector(rowsOf('.vulns'));
  await shot(d.page, 'image');
  await d.page.click('[role=tab][data-tab=packages]');
  await shot(d.page, 'packages');
  await d.close();

  const narrow = await openDashboard(browser, { baseURL: w.serverUrl, width: 390, height: 844 });
  await signIn(narrow, w.adminKey, `/integrations/${w.integrationId}/images/${w.images.v1.digest}?repository=shop/api`);
  await narrow.page.waitForSelector(rowsOf('.vulns'));
  await shot(narrow.page, 'narrow');
  const problems = [...d.problems(), ...narrow.problems()];
  if (problems.length > 0) throw new Error(`console errors: ${problems.join('; ')}`);
  await narrow.close();
} finally {
  await browser.close();
  await w.close();
}
