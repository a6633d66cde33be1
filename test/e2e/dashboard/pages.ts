/**
 * Browser helpers of the dashboard tests, the docs capture and the bench: a fresh context per case (its own cookie
 * jar), every console error and uncaught page error collected, and sign-in through the real form.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors so far, minus the HTTP errors the case provoked on purpose (see `expectHttp`). */
  problems(): string[];
  /**
   * Chromium logs every 4xx answer of a fetch as a console error ("Failed to load resource"). A case that provokes
   * one on purpose (no session yet → 401 on `/v1/me`, a viewer's POST → 403, another organization's URL → 404)
   * declares it here; any other one still counts as a problem.
   */
  expectHttp(status: number, pathPrefix: string): void;
  close(): Promise<void>;
}

/**
 * The little of the DOM that the functions run in the page (`page.evaluate`) use. This package compiles without
 * the DOM library, so each file declares the browser globals it touches with these types.
 */
export interface PageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  clientWidth: number;
  scrollWidth: number;
  scrollHeight: number;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  blur(): void;
  querySelectorAll(selector: string): { length: number };
}
export interface PageDocument {
  activeElement: PageElement | null;
  cookie: string;
  documentElement: PageElement;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
}
declare const document: PageDocument;
declare const requestAnimationFrame: (callback: () => void) => number;

const FAILED_LOAD = /^Failed to load resource: the server responded with a status of (\d{3})/;

export async function openDashboard(
  browser: Browser,
  options: { width?: number; height?: number; baseURL: string },
): Promise<DashboardPage> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    acceptDownloads: true,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const raw: Array<{ text: string; url: string }> = [];
  const expected: Array<{ status: number; pathPrefix: string }> = [];
  page.on('console', (message) => {
    if (message.type() === 'error') raw.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => raw.push({ text: `pageerror: ${error.message}`, url: '' }));
  return {
    context,
    page,
    problems: () =>
      raw
        .filter(({ text, url }) => {
          const m = FAILED_LOAD.exec(text);
          if (!m || !url) return true;
          const path = new URL(url).pathname;
          return !expected.some((e) => e.status === Number(m[1]) && path.startsWith(e.pathPrefix));
        })
        .map(({ text, url }) => (url ? `${text} (${url})` : text)),
    expectHttp: (status, pathPrefix) => {
      expected.push({ status, pathPrefix });
    },
    close: () => context.close(),
  };
}

/**
 * Signs in through the form. Without a session every page first asks `/v1/me` (401) and then shows sign-in.
 */
export async function signIn(d: DashboardPage, key: string, path = '/'): Promise<void> {
  d.expectHttp(401, '/v1/me');
  await d.page.goto(path);
  await d.page.waitForSelector('#api-key');
  await d.page.fill('#api-key', key);
  await d.page.click('.signin-form button[type=submit]');
  await d.page.waitForSelector('#sign-out');
}

/** The shown rows of a data table (an ARIA table on CSS grid), the "no match" row excluded. */
export const rowsOf = (table: string) => `${table} .tbody [role=row]:not(.empty)`;

export async function rowCount(page: Page, table: string): Promise<number> {
  return page.locator(rowsOf(table)).count();
}

/**
 * A full-page screenshot with every row painted: table rows far from the viewport are skipped by
 * `content-visibility: auto`, so the viewport is stretched to the page's height for the capture.
 */
export async function fullPageShot(page: Page, path: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 860 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(viewport);
}
