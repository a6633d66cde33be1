// @ts-check
/**
 * Findings by severity over time as an inline SVG line chart built with DOM APIs (no library, no inline styles:
 * colours come from `sev-*` classes). One line per severity that ever had a finding, a marker per point with a
 * tooltip, axes with round ticks, a legend, and the same data as a table for screen readers and copy-paste.
 */
import { h, svg, uid } from './dom.js';
import { absoluteTime, SEVERITIES, SEVERITY_LABEL, shortDigest } from './format.js';

/** @typedef {import('../types.js').TrendPoint} TrendPoint */
/** @typedef {import('../types.js').Severity} Severity */

const HEIGHT = 260;
const MARGIN = { top: 16, right: 20, bottom: 34, left: 44 };

/**
 * Round tick values from 0 to at least `max`: whole-number steps of 1, 2 or 5 × 10ⁿ (findings are counted).
 * @param {number} max
 */
export function niceTicks(max, wanted = 4) {
  if (max <= 0) return [0, 1];
  const raw = Math.max(1, max / wanted);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks = [0];
  // Headroom: the top tick stays above the highest point, so a line never runs along the frame.
  while ((ticks[ticks.length - 1] ?? 0) <= max) ticks.push((ticks[ticks.length - 1] ?? 0) + step);
  return ticks;
}

/** A time label whose precision fits the span. @param {number} ms @param {number} span */
function timeLabel(ms, span) {
  const d = new Date(ms);
  /** @type {Intl.DateTimeFormatOptions} */
  const options =
    span < 10 * 60_000
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : span < 2 * 86_400_000
        ? { hour: '2-digit', minute: '2-digit' }
        : { month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(d);
}

/**
 * The chart in a figure that redraws at its own pixel width (text stays legible on a phone and on a wide screen).
 * @param {TrendPoint[]} points time-ordered
 * @param {string} repository
 */
export function trendChart(points, repository) {
  const latest = points[points.length - 1];
  const shown = SEVERITIES.filter((s) => points.some((p) => p[s] > 0));
  /** @type {Severity[]} */
  const series = shown.length > 0 ? shown : ['critical', 'high', 'medium', 'low'];
  const frame = h('div', { class: 'chart-frame' });
  let drawnWidth = 0;
  const draw = (/** @type {number} */ width) => {
    const w = Math.max(320, Math.round(width));
    if (Math.abs(w - drawnWidth) < 4) return;
    drawnWidth = w;
    frame.replaceChildren(chartSvg(points, series, repository, w));
  };
  draw(720);
  new ResizeObserver((entries) => {
    const width = entries[0]?.contentRect.width;
    if (width) draw(width);
  }).observe(frame);
  const legend = h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    series.map((s) =>
      h('li', null, h('span', { class: `swatch sev-${s}` }), `${SEVERITY_LABEL[s]} `, h('b', null, latest?.[s] ?? 0)),
    ),
  );
  return h('figure', { class: 'chart-figure' }, frame, legend, dataTableFallback(points, repository));
}

/**
 * Step lines: a count holds until the next point (the latest image's findings do not drift between matchings).
 * @param {TrendPoint[]} points
 * @param {Severity[]} series
 * @param {string} repository
 * @param {number} width pixels
 */
function chartSvg(points, series, repository, width) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const times = points.map((p) => new Date(p.at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const span = t1 - t0;
  const max = Math.max(1, ...points.flatMap((p) => series.map((s) => p[s])));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? max;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  // Equal times (or one point) spread by index so every marker stays visible.
  /** @param {number} i */
  const x = (i) =>
    MARGIN.left +
    (span > 0
      ? (((times[i] ?? t0) - t0) / span) * plotW
      : points.length > 1
        ? (i / (points.length - 1)) * plotW
        : plotW / 2);
  /** @param {number} v */
  const y = (v) => MARGIN.top + plotH - (v / top) * plotH;

  const latest = points[points.length - 1];
  const description =
    `${points.length} point${points.length === 1 ? '' : 's'} from ${absoluteTime(points[0]?.at ?? '')} to ` +
    `${absoluteTime(latest?.at ?? '')}. Latest: ` +
    SEVERITIES.map((s) => `${latest?.[s] ?? 0} ${s}`).join(', ') +
    '.';
  const root = svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMidYMid meet',
    },
    svg('title', { id: titleId }, `Findings by severity over time for ${repository}`),
    svg('desc', { id: descId }, description),
  );

  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const tick of ticks) {
    grid.appendChild(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) }));
    grid.appendChild(
      svg('text', { x: MARGIN.left - 8, y: y(tick), class: 'tick-y', 'dominant-baseline': 'middle' }, String(tick)),
    );
  }
  const slots = Math.max(2, Math.min(6, Math.floor(plotW / 110)));
  const xTicks = points.length <= 1 || span === 0 ? [0] : Array.from({ length: slots }, (_, i) => i / (slots - 1));
  let previous = '';
  for (const f of xTicks) {
    const px = points.length <= 1 || span === 0 ? x(0) : MARGIN.left + f * plotW;
    const label = timeLabel(t0 + f * span, span);
    // Short spans repeat labels at their precision; each shows once.
    if (label === previous) continue;
    previous = label;
    const edge = xTicks.length > 1 ? (f === 0 ? ' start' : f === 1 ? ' end' : '') : '';
    grid.appendChild(svg('text', { x: px, y: HEIGHT - 12, class: `tick-x${edge}` }, label));
  }
  grid.appendChild(
    svg('line', {
      class: 'axis',
      x1: MARGIN.left,
      x2: width - MARGIN.right,
      y1: MARGIN.top + plotH,
      y2: MARGIN.top + plotH,
    }),
  );
  root.appendChild(grid);

  for (const severity of series) {
    const d = points
      .map((p, i) => {
        const py = y(p[severity]).toFixed(1);
        return i === 0 ? `M${x(i).toFixed(1)},${py}` : `H${x(i).toFixed(1)}V${py}`;
      })
      .join('');
    const group = svg('g', { class: `series sev-${severity}` });
    group.appendChild(svg('path', { d, class: 'line' }));
    points.forEach((p, i) => {
      group.appendChild(
        svg(
          'circle',
          { cx: x(i).toFixed(1), cy: y(p[severity]).toFixed(1), r: 4, class: 'point' },
          svg(
            'title',
            null,
            `${p[severity]} ${SEVERITY_LABEL[severity].toLowerCase()} · ${absoluteTime(p.at)} · ${shortDigest(p.digest)}`,
          ),
        ),
      );
    });
    root.appendChild(group);
  }

  return root;
}

/** @param {TrendPoint[]} points @param {string} repository */
function dataTableFallback(points, repository) {
  return h(
    'details',
    { class: 'chart-data' },
    h('summary', null, 'Show the data as a table'),
    h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Trend data for ${repository}` },
      h(
        'table',
        { class: 'data compact' },
        h('caption', { class: 'sr-only' }, `Findings by severity over time for ${repository}`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Time'),
            h('th', { scope: 'col' }, 'Image'),
            SEVERITIES.map((s) => h('th', { scope: 'col', class: 'num' }, SEVERITY_LABEL[s])),
          ),
        ),
        h(
          'tbody',
          null,
          [...points].reverse().map((p) =>
            h(
              'tr',
              null,
              h('td', null, absoluteTime(p.at)),
              h('td', { class: 'mono' }, shortDigest(p.digest)),
              SEVERITIES.map((s) => h('td', { class: 'num' }, p[s])),
            ),
          ),
        ),
      ),
    ),
  );
}
