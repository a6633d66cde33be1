/**
 * The browser side of bench/dashboard: loads the image page several times and reads the dashboard's own User
 * Timing measures (taken after the next paint), then changes filters through the real controls; and renders a
 * static HTML table of the same rows as the reference.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Vulnerability } from '@scout-acr/sdk/client';
import { openDashboard, signIn } from '../../test/e2e/dashboard/pages.js';
import type { Browser, CDPSession, Page } from '../../test/harness/browser.js';

export interface LoadTiming {
  /** Main-thread CPU of one render of the image page in the same document (see renderAgainCpu). */
  cpu?: CpuCost;
  /** Navigation start → vulnerabilities table painted. */
  total: number;
  /** Navigation start → the last page of vulnerabilities received. */
  dataReceived: number;
  /** Last page received → table painted: the dashboard's own work. */
  render: number;
}

/** Main-thread CPU time and what it went to, from Chrome's Performance domain (robust to a busy machine). */
export interface CpuCost {
  thread: number;
  script: number;
  layout: number;
  style: number;
}

export interface FilterTiming {
  kind: 'severity' | 'search';
  cpu?: CpuCost;
  /** Control changed → table painted (search: includes the input debounce). */
  total: number;
  /** Filter applied → table painted (the `scout:vulns-filtered` measure). */
  filter: number;
  rows: number;
}

/** Reads the load's figures in the page (plain JavaScript: see CHANGE). */
const LOAD_FIGURES = `(() => {
  const m = performance.getEntriesByName('scout:vulns-rendered')[0];
  const total = m.startTime + m.duration;
  const pages = performance
    .getEntriesByType('resource')
    .filter((r) => new URL(r.name).pathname.endsWith('/vulnerabilities'));
  const dataReceived = Math.max(...pages.map((r) => r.responseEnd));
  return { total, dataReceived, render: total - dataReceived };
})()`;

/** Resolves once the page has more than `count` performance entries of that name. */
const waitForEntry = (name: string, count = 0) => `new Promise((resolve) => {
  const poll = () =>
    performance.getEntriesByName(${JSON.stringify(name)}).length > ${count} ? resolve(true) : setTimeout(poll, 10);
  poll();
})`;

/** Resolves once `selector` matches an element. */
const waitForSelector = (selector: string) => `new Promise((resolve) => {
  const poll = () => (document.querySelector(${JSON.stringify(selector)}) ? resolve(true) : setTimeout(poll, 10));
  poll();
})`;

/**
 * Main-thread CPU of rendering the image page again inside the same document (a navigation may change the
 * renderer process, which restarts Chrome's counters): to the repository page by its breadcrumb, then back.
 * Covers the requests' handling, JSON, building the rows, style, layout and paint (the packages table too).
 */
async function renderAgainCpu(page: Page, cdp: CDPSession): Promise<CpuCost> {
  await page.evaluate(`document.querySelector('.crumbs a[href*="/repositories"]').click()`);
  await page.evaluate(waitForSelector('svg.chart'));
  const count = (await page.evaluate(`performance.getEntriesByName('scout:vulns-rendered').length`)) as number;
  const before = await metrics(cdp);
  await page.evaluate('history.back()');
  await page.evaluate(waitForEntry('scout:vulns-rendered', count));
  return cpuSince(before, await metrics(cdp));
}

/** Navigates to the image page and waits for `scout:vulns-rendered`. */
async function loadOnce(page: Page, path: string): Promise<LoadTiming> {
  await page.goto(path);
  // Not waitForFunction: with a string it evaluates through eval, which the dashboard's CSP refuses.
  await page.evaluate(waitForEntry('scout:vulns-rendered'));
  return (await page.evaluate(LOAD_FIGURES)) as LoadTiming;
}

/**
 * One filter change through the page's controls, resolved once the table is painted. Plain JavaScript in a
 * string: tsx would wrap a named function in `__name(…)`, which does not exist in the page.
 */
const CHANGE = `([kind, value]) => new Promise((resolve) => {
  const before = performance.getEntriesByName('scout:vulns-filtered').length;
  const started = performance.now();
  const poll = () => {
    const entries = performance.getEntriesByName('scout:vulns-filtered');
    if (entries.length === before) return requestAnimationFrame(poll);
    const m = entries[entries.length - 1];
    resolve({
      kind,
      total: m.startTime + m.duration - started,
      filter: m.duration,
      rows: document.querySelectorAll('.vulns .tbody [role=row]:not(.empty)').length,
    });
  };
  if (kind === 'severity') {
    document.querySelector('.sev-toggle[data-severity="' + value + '"]').click();
  } else {
    const input = document.querySelector('.vulns-view [data-search]');
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  requestAnimationFrame(poll);
})`;

async function change(page: Page, cdp: CDPSession, kind: 'severity' | 'search', value: string): Promise<FilterTiming> {
  const before = await metrics(cdp);
  const timing = (await page.evaluate(`(${CHANGE})(${JSON.stringify([kind, value])})`)) as FilterTiming;
  return { ...timing, cpu: cpuSince(before, await metrics(cdp)) };
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m: { name: string; value: number }) => [m.name, m.value]));
}

/** Seconds → ms deltas of the main thread's CPU time and of script, layout and style work. */
function cpuSince(a: Metrics, b: Metrics): CpuCost {
  const d = (k: string) => ((b[k] ?? 0) - (a[k] ?? 0)) * 1000;
  return {
    thread: d('ThreadTime'),
    script: d('ScriptDuration'),
    layout: d('LayoutDuration'),
    style: d('RecalcStyleDuration'),
  };
}

export async function measureDashboard(
  browser: Browser,
  options: { baseURL: string; key: string; path: string; loads: number; searches: string[] },
): Promise<{ loads: LoadTiming[]; filters: FilterTiming[]; rows: number; problems: string[] }> {
  const d = await openDashboard(browser, { baseURL: options.baseURL });
  try {
    await signIn(d, options.key, options.path);
    const loads: LoadTiming[] = [];
    const cdp = await d.context.newCDPSession(d.page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    for (let i = 0; i < options.loads; i++) loads.push(await loadOnce(d.page, options.path));
    for (const load of loads) load.cpu = await renderAgainCpu(d.page, cdp);
    const rows = await d.page.locator('.vulns .tbody [role=row]').count();
    const filters: FilterTiming[] = [];
    // Each severity on and off again, then search texts, each followed by clearing the box.
    for (const severity of ['critical', 'high', 'medium', 'low', 'unspecified']) {
      filters.push(await change(d.page, cdp, 'severity', severity));
      filters.push(await change(d.page, cdp, 'severity', severity));
    }
    for (const text of options.searches) {
      filters.push(await change(d.page, cdp, 'search', text));
      filters.push(await change(d.page, cdp, 'search', ''));
    }
    return { loads, filters, rows, problems: d.problems() };
  } finally {
    await d.close();
  }
}

/** The same rows as a static HTML table: what the browser alone needs to lay out and paint them. */
export function staticTableHtml(vulns: Vulnerability[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = vulns
    .map(
      (v) =>
        `<tr><td><span class="sev">${v.severity}</span></td><td><a href="${esc(v.url)}">${esc(v.id)}</a>` +
        `<span>${esc(v.aliases.join(', '))}</span><span>${esc(v.summary ?? '')}</span></td>` +
        `<td>${esc(v.package.name)} <span>${v.package.type}</span></td><td>${esc(v.package.version)}</td>` +
        `<td>${esc(v.fixedVersions.join(', ') || 'not fixed')}</td><td>${v.score?.toFixed(1) ?? '—'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>static</title>
<style>body{font-family:system-ui,sans-serif;font-size:15px}table{width:100%;border-collapse:collapse}
td{padding:.5rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}td span{display:block;color:#666;font-size:.8rem}</style>
</head><body><table><thead><tr><th>Severity</th><th>Vulnerability</th><th>Package</th><th>Installed</th>
<th>Fixed in</th><th>CVSS</th></tr></thead><tbody>
${rows}
</tbody></table>
<script>requestAnimationFrame(() => setTimeout(() => performance.mark('static-painted'), 0));</script>
</body></html>`;
}

/**
 * The static table, `loads` times: navigation start → painted (wall clock), and the main-thread CPU of putting
 * the same markup into the page (parse, style, layout) until it is painted.
 */
export async function measureStatic(
  browser: Browser,
  html: string,
  loads: number,
): Promise<{ paint: number[]; cpu: CpuCost[] }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const paint: number[] = [];
    const cpu: CpuCost[] = [];
    for (let i = 0; i < loads; i++) {
      await page.goto(url);
      await page.evaluate(waitForEntry('static-painted'));
      paint.push((await page.evaluate('performance.getEntriesByName("static-painted")[0].startTime')) as number);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    for (let i = 0; i < loads; i++) {
      await page.evaluate(REMOVE_TABLE);
      const before = await metrics(cdp);
      await page.evaluate(REINSERT_TABLE);
      cpu.push(cpuSince(before, await metrics(cdp)));
    }
    return { paint, cpu };
  } finally {
    await context.close();
    server.close();
  }
}

/** Takes the table out (kept for re-insertion) and waits for the empty page to be painted. */
const REMOVE_TABLE = `new Promise((resolve) => {
  const table = document.querySelector('table');
  if (table) { window.__markup = table.outerHTML; table.remove(); }
  requestAnimationFrame(() => setTimeout(resolve, 0));
})`;
/** Parses the table's markup into the page again and waits until it is painted. */
const REINSERT_TABLE = `new Promise((resolve) => {
  document.body.insertAdjacentHTML('afterbegin', window.__markup);
  requestAnimationFrame(() => setTimeout(resolve, 0));
})`;
