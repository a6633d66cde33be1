/**
 * The dashboard in Debian's chromium against a real server holding analyzed images with real findings (the
 * insights world): sign-in and sign-out with the session cookie, the integrations list, activation toggles (admin
 * and viewer), the repository chart, the image page (filters, search, sort, SBOM downloads), another
 * organization's URLs, keyboard-only use and a narrow window. Every case fails on a console error or page error.
 * Screenshots go to `.artifacts/dashboard/`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vulnerability } from '@scout-acr/sdk/client';
import { createApiKey } from '@scout-acr/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../harness/browser.js';
import { type InsightsWorld, startInsightsWorld } from '../insights/world.js';
import { REPO_ROOT } from '../server/server-process.js';
import {
  type DashboardPage,
  fullPageShot,
  openDashboard,
  type PageDocument,
  type PageElement,
  rowCount,
  rowsOf,
  signIn,
} from './pages.js';

declare const document: PageDocument;
declare const getComputedStyle: (element: PageElement) => { outlineStyle: string };
declare const localStorage: Record<string, string>;
declare const sessionStorage: Record<string, string>;

const SHOTS = join(REPO_ROOT, '.artifacts', 'dashboard');
let w: InsightsWorld;
let browser: Browser;
let otherOrgKey: string;
let findings: Vulnerability[];
const open: DashboardPage[] = [];

beforeAll(async () => {
  [w, browser] = await Promise.all([startInsightsWorld(), launchBrowser()]);
  otherOrgKey = (await createApiKey(w.server.context.store, { org: 'other-org', role: 'admin' })).key;
  findings = [];
  for await (const v of w.client.images.vulnerabilities(w.integrationId, w.images.v1.digest)) findings.push(v);
  await mkdir(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await Promise.all(open.map((d) => d.close().catch(() => undefined)));
  await browser?.close();
  await w?.close();
});

async function dashboard(width?: number): Promise<DashboardPage> {
  const d = await openDashboard(browser, { baseURL: w.serverUrl, ...(width ? { width, height: 844 } : {}) });
  open.push(d);
  return d;
}

/** Closes the case's browser context after checking that nothing went wrong in the page. */
async function finish(d: DashboardPage): Promise<void> {
  expect(d.problems()).toEqual([]);
  await d.close();
}

const shot = (page: Page, name: string) => fullPageShot(page, join(SHOTS, `${name}.png`));
const imagePath = () => `/integrations/${w.integrationId}/images/${w.images.v1.digest}?repository=shop/api`;
const vulnRows = (page: Page) => rowCount(page, '.vulns');
/** Waits until the vulnerabilities table shows `n` rows that contain `text` (search input is debounced). */
const waitRows = (page: Page, n: number, text = '') =>
  page.waitForFunction(
    ([want, needle]) => {
      const body = document.querySelector('.vulns .tbody');
      return (
        body?.querySelectorAll('[role=row]:not(.empty)').length === want && (body.textContent ?? '').includes(needle)
      );
    },
    [n, text] as const,
  );

async function activeInApi(name: string): Promise<boolean | undefined> {
  for await (const repo of w.client.repositories.list(w.integrationId)) if (repo.name === name) return repo.active;
  return undefined;
}

describe('dashboard', () => {
  it('signs in with an admin key; the session cookie is HttpOnly and no secret reaches the page', async () => {
    const d = await dashboard();
    d.expectHttp(401, '/v1/me');
    await d.page.goto('/');
    await d.page.waitForURL('**/signin');
    await d.page.waitForSelector('#api-key');
    expect(await d.page.getAttribute('#api-key', 'type')).toBe('password');
    expect(await d.page.getAttribute('#api-key', 'autocomplete')).toBe('off');
    await shot(d.page, 'signin');

    // A wrong key first: the form says so and stays.
    d.expectHttp(401, '/dashboard/session');
    await d.page.fill('#api-key', 'sacr_000000000000_not-a-key');
    await d.page.click('.signin-form button[type=submit]');
    await expect.poll(() => d.page.textContent('#signin-error')).toContain('not accepted');

    await d.page.fill('#api-key', w.adminKey);
    await d.page.click('.signin-form button[type=submit]');
    await d.page.waitForSelector('.card.integration');
    expect(new URL(d.page.url()).pathname).toBe('/');
    expect(await d.page.textContent('.who .org')).toContain('e2e');
    expect(await d.page.textContent('.who .role')).toBe('admin');
    expect(await d.page.textContent('.card.integration .status')).toBe('CONNECTED');
    expect(await d.page.textContent('.card.integration')).toContain(w.loginServer);
    // Webhook health is shown (events arrived for the three pushes); the webhook URL is not.
    expect(await d.page.textContent('.card.integration .stats')).toMatch(/Events in 24 h\s*[1-9]/);

    const cookies = await d.context.cookies();
    const session = cookies.find((c) => c.name === 'scout_acr_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(await d.page.evaluate(() => document.cookie)).toBe('');
    const storage = await d.page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(storage).toBe('{}{}');
    const webhookUrl = (await w.client.integrations.get(w.integrationId)).webhookUrl as string;
    const secret = new URL(webhookUrl).search;
    expect(secret.length).toBeGreaterThan(10);
    const html = await d.page.content();
    for (const leaked of [w.adminKey, session?.value as string, secret, webhookUrl]) expect(html).not.toContain(leaked);
    expect(d.page.url()).not.toContain(w.adminKey);
    await shot(d.page, 'integrations');
    await finish(d);
  });

  it('opens the integration and toggles a repository off and on (checked through the API)', async () => {
    const d = await dashboard();
    await signIn(d, w.adminKey);
    await d.page.click('.card.integration h2 a');
    await d.page.waitForSelector('button[role=switch][data-repository="shop/base"]');
    expect(await rowCount(d.page, '.repos')).toBe(2);
    const apiRow = d.page.locator(rowsOf('.repos'), { hasText: 'shop/api' });
    expect(await apiRow.locator('.chips').getAttribute('title')).toBe('0C 1H 0M 0L');
    expect(await apiRow.locator('a.mono').textContent()).toBe('v2');

    const toggle = d.page.locator('button[role=switch][data-repository="shop/base"]');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => activeInApi('shop/base')).toBe(false);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => activeInApi('shop/base')).toBe(true);
    expect(await d.page.textContent('.toast')).toContain('shop/base activated');

    // The filter box narrows the list.
    await d.page.fill('[data-search]', 'base');
    await d.page.waitForFunction((rows) => document.querySelectorAll(rows).length === 1, rowsOf('.repos'));
    await d.page.fill('[data-search]', '');
    await d.page.waitForFunction((rows) => document.querySelectorAll(rows).length === 2, rowsOf('.repos'));
    await shot(d.page, 'integration');
    await finish(d);
  });

  it('shows the repository chart and the image page: filters, search, sort, packages, history', async () => {
    const d = await dashboard();
    await signIn(d, w.adminKey, `/integrations/${w.integrationId}`);
    await d.page.waitForSelector(rowsOf('.repos'));
    await d.page.click('.repos a:text-is("shop/api")');
    await d.page.waitForSelector('svg.chart');
    const trend = await w.client.repositories.trend(w.integrationId, 'shop/api');
    expect(trend.points.length).toBeGreaterThan(1);
    const series = await d.page.locator('svg.chart g.series').count();
    expect(series).toBeGreaterThan(0);
    expect(await d.page.locator('svg.chart circle.point').count()).toBe(series * trend.points.length);
    expect(await d.page.textContent('svg.chart title')).toContain('shop/api');
    expect(await rowCount(d.page, '.images')).toBe(2);
    await shot(d.page, 'repository');

    await d.page.click(`a[href*="${w.images.v1.digest}"]`);
    await d.page.waitForSelector(rowsOf('.vulns'));
    expect(await d.page.textContent('#image-title')).toContain('shop/api');
    expect(await d.page.textContent('.image-summary')).toContain(w.images.v1.digest);
    expect(await d.page.textContent('.image-summary')).toContain('Ubuntu 22.04');
    expect(await vulnRows(d.page)).toBe(findings.length);

    // Severity: only the high findings, then all again.
    const high = findings.filter((v) => v.severity === 'high').length;
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThan(findings.length);
    await d.page.click('.sev-toggle[data-severity=high]');
    expect(await vulnRows(d.page)).toBe(high);
    expect(await d.page.locator('.vulns .tbody .sev-badge').allTextContents()).toEqual(Array(high).fill('High'));
    await d.page.click('.sev-toggle[data-severity=high]');
    expect(await vulnRows(d.page)).toBe(findings.length);

    // Search by CVE id, by alias, by package name.
    const search = d.page.locator('.vulns-view [data-search]');
    await search.fill('CVE-2021-23337');
    await waitRows(d.page, 1, 'CVE-2021-23337');
    expect(await d.page.textContent('.vulns .tbody')).toContain('lodash');
    await search.fill('pysec-2023-74');
    await waitRows(d.page, 1, 'CVE-2023-32681');
    expect(await d.page.textContent('.vulns .tbody')).toContain('requests');
    await search.fill('requests');
    await waitRows(d.page, findings.filter((v) => v.package.name === 'requests').length, 'requests');
    await search.fill('CVE-1999-0001');
    await waitRows(d.page, 0, 'No vulnerability matches');
    expect(await d.page.textContent('.vulns-view .result-count')).toBe(
      `Showing 0 of ${findings.length} vulnerabilities`,
    );
    await search.fill('');
    await waitRows(d.page, findings.length);

    // Fix state and package type, as the API counts them.
    await d.page.selectOption('.vulns-view select[name=fix]', 'not-fixed');
    expect(await vulnRows(d.page)).toBe(findings.filter((v) => v.fixState === 'not-fixed').length);
    await d.page.selectOption('.vulns-view select[name=fix]', 'all');
    await d.page.selectOption('.vulns-view select[name=packageType]', 'npm');
    expect(await vulnRows(d.page)).toBe(findings.filter((v) => v.package.type === 'npm').length);
    await d.page.selectOption('.vulns-view select[name=packageType]', '');

    // Sort by id, both directions; the header says which.
    const idHeader = d.page.locator('.vulns [role=columnheader]', { hasText: 'Vulnerability' });
    await idHeader.locator('button').click();
    expect(await idHeader.getAttribute('aria-sort')).toBe('ascending');
    const ids = findings.map((v) => v.id).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const firstId = () =>
      d.page
        .locator(`${rowsOf('.vulns')} [role=cell]:nth-child(2) a`)
        .first()
        .textContent();
    expect(await firstId()).toBe(ids[0]);
    await idHeader.locator('button').click();
    expect(await idHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await firstId()).toBe(ids[ids.length - 1]);
    await d.page.locator('.vulns [role=columnheader]', { hasText: 'Severity' }).locator('button').click();
    await shot(d.page, 'image');

    // Packages with the layer that introduced each; history of matchings.
    await d.page.click('[role=tab][data-tab=packages]');
    expect(await rowCount(d.page, '.packages')).toBe(w.images.v1.packageCount);
    const lodash = d.page.locator(rowsOf('.packages'), { hasText: 'lodash' });
    expect(await lodash.locator('.layer-n').textContent()).toBe('#2');
    expect(await lodash.textContent()).toContain('pkg:npm/lodash@4.17.15');
    await d.page.click('[role=tab][data-tab=history]');
    const history = [];
    for await (const entry of w.client.images.history(w.integrationId, w.images.v1.digest)) history.push(entry);
    expect(await d.page.locator('.timeline > li').count()).toBe(history.length);
    await finish(d);
  });

  it('downloads the CycloneDX and SPDX SBOMs of the image', async () => {
    const d = await dashboard();
    await signIn(d, w.adminKey, imagePath());
    await d.page.waitForSelector('[data-sbom=cyclonedx]');
    const download = async (format: string) => {
      const [file] = await Promise.all([d.page.waitForEvent('download'), d.page.click(`[data-sbom=${format}]`)]);
      return { name: file.suggestedFilename(), doc: JSON.parse(await readFile(await file.path(), 'utf8')) };
    };
    const cdx = await download('cyclonedx');
    expect(cdx.name).toMatch(/\.cdx\.json$/);
    expect(cdx.doc.bomFormat).toBe('CycloneDX');
    expect(cdx.doc.specVersion).toBe('1.6');
    expect(cdx.doc.components.map((c: { name: string }) => c.name)).toContain('lodash');
    const spdx = await download('spdx');
    expect(spdx.name).toMatch(/\.spdx\.json$/);
    expect(spdx.doc.spdxVersion).toBe('SPDX-2.3');
    expect(spdx.doc.packages.map((p: { name: string }) => p.name)).toContain('lodash');
    await finish(d);
  });

  it('signs out: the cookie is gone and /v1/me from the page answers 401', async () => {
    const d = await dashboard();
    await signIn(d, w.adminKey);
    await d.page.click('#sign-out');
    await d.page.waitForURL('**/signin');
    await d.page.waitForSelector('#api-key');
    expect((await d.context.cookies()).map((c) => c.name)).not.toContain('scout_acr_session');
    expect(await d.page.textContent('.topbar')).not.toContain('Sign out');
    const status = await d.page.evaluate(() => fetch('/v1/me').then((r) => r.status));
    expect(status).toBe(401);
    // Back to a protected page: sign-in again.
    await d.page.goto(`/integrations/${w.integrationId}`);
    await d.page.waitForURL(/\/signin\?next=/);
    await finish(d);
  });

  it('a viewer key sees the toggles disabled and a forced POST from the page gets 403', async () => {
    const d = await dashboard();
    await signIn(d, w.viewerKey, `/integrations/${w.integrationId}`);
    await d.page.waitForSelector('button[role=switch]');
    expect(await d.page.textContent('.who .role')).toBe('viewer');
    const switches = d.page.locator('button[role=switch]');
    expect(await switches.count()).toBe(2);
    for (const s of await switches.all()) expect(await s.isDisabled()).toBe(true);
    expect(await d.page.textContent('#viewer-note')).toContain('admin key');
    d.expectHttp(403, '/v1/integrations/');
    const forced = await d.page.evaluate(
      (id) =>
        fetch(`/v1/integrations/${id}/repositories/deactivate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-scout-acr-csrf': '1' },
          body: JSON.stringify({ names: ['shop/api'] }),
        }).then((r) => r.status),
      w.integrationId,
    );
    expect(forced).toBe(403);
    expect(await activeInApi('shop/api')).toBe(true);
    await finish(d);
  });

  it("another organization's key gets 404 and a Not found page on the e2e image and integration URLs", async () => {
    const d = await dashboard();
    await signIn(d, otherOrgKey);
    expect(await d.page.textContent('.who .org')).toContain('other-org');
    expect(await d.page.locator('.card.integration').count()).toBe(0);
    d.expectHttp(404, '/integrations/');
    d.expectHttp(404, '/v1/integrations/');
    for (const path of [imagePath(), `/integrations/${w.integrationId}`]) {
      const response = await d.page.goto(path);
      expect(response?.status()).toBe(404);
      await d.page.waitForSelector('.not-found');
      expect(await d.page.textContent('main h1')).toBe('Not found');
      expect(await d.page.textContent('main')).not.toContain('shop/api');
    }
    await finish(d);
  });

  it('works by keyboard alone: sign in, open the integration, search with /, toggle with Space', async () => {
    const d = await dashboard();
    d.expectHttp(401, '/v1/me');
    await d.page.goto('/signin');
    await d.page.waitForSelector('#api-key');
    expect(await d.page.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await d.page.keyboard.type(w.adminKey);
    await d.page.keyboard.press('Enter');
    await d.page.waitForSelector('.card.integration');

    // Tab to the integration's link; focus is visible there.
    const focused = () =>
      d.page.evaluate(() => {
        const el = document.activeElement;
        return {
          text: el?.textContent ?? '',
          tag: el?.tagName ?? '',
          outline: el ? getComputedStyle(el).outlineStyle : '',
        };
      });
    const onLink = async () => {
      const f = await focused();
      return f.tag === 'A' && f.text.includes(w.loginServer);
    };
    for (let i = 0; i < 20 && !(await onLink()); i++) await d.page.keyboard.press('Tab');
    const link = await focused();
    expect(link.tag).toBe('A');
    expect(link.outline).not.toBe('none');
    await d.page.keyboard.press('Enter');
    await d.page.waitForSelector('button[role=switch]');

    await d.page.keyboard.press('/');
    expect(await d.page.evaluate(() => document.activeElement?.hasAttribute('data-search'))).toBe(true);
    await d.page.keyboard.type('shop/base');
    await d.page.waitForFunction((rows) => document.querySelectorAll(rows).length === 1, rowsOf('.repos'));
    for (let i = 0; i < 10; i++) {
      await d.page.keyboard.press('Tab');
      if (await d.page.evaluate(() => document.activeElement?.getAttribute('role') === 'switch')) break;
    }
    const toggle = d.page.locator('button[role=switch][data-repository="shop/base"]');
    expect(await d.page.evaluate(() => document.activeElement?.getAttribute('data-repository'))).toBe('shop/base');
    await d.page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await d.page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => activeInApi('shop/base')).toBe(true);
    await finish(d);
  });

  it('is readable in a 390 px window: no page-wide horizontal scroll, tables scroll on their own', async () => {
    const d = await dashboard(390);
    await signIn(d, w.adminKey, imagePath());
    await d.page.waitForSelector(rowsOf('.vulns'));
    const widths = await d.page.evaluate(() => {
      const wrap = document.querySelector('.vulns-view .table-wrap') as PageElement;
      return { page: document.documentElement.scrollWidth, wrap: wrap.clientWidth, table: wrap.scrollWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.table).toBeGreaterThan(widths.wrap);
    await shot(d.page, 'narrow');
    await finish(d);
  });
});
