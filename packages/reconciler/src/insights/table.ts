/** Aligned plain-text tables and optional ANSI colour for the terminal. */
import type { Severity } from '@scout-acr/sdk/client';

/** Colours text when enabled; the identity otherwise (pipes, files, `--no-color`, `NO_COLOR`). */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  green(text: string): string;
  red(text: string): string;
}

const SEVERITY_SGR: Record<Severity, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  unspecified: '2',
};

/** A painter: ANSI SGR codes when `enabled`, plain text otherwise. */
export function painter(enabled: boolean): Paint {
  const sgr = (code: string) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    bold: sgr('1'),
    dim: sgr('2'),
    green: sgr('32'),
    red: sgr('31'),
    severity: (severity, text) => sgr(SEVERITY_SGR[severity])(text),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI codes painter() adds
const ANSI = /\u001b\[[0-9;]*m/g;

/** The printed width of text that may carry ANSI colour. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * Renders rows as columns padded to the widest cell (colour-aware), separated by two spaces, with trailing
 * spaces trimmed. `header` is printed first when given.
 */
export function renderTable(rows: readonly (readonly string[])[], header?: readonly string[], indent = ''): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
  }
  return all
    .map((row) =>
      `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleWidth(cell)))).join('  ')}`.trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** `key: value` lines with the values aligned. */
export function renderFields(fields: readonly (readonly [string, string])[], indent = '  '): string {
  const width = Math.max(...fields.map(([k]) => k.length + 1));
  return fields.map(([k, v]) => `${indent}${`${k}:`.padEnd(width)}  ${v}\n`).join('');
}

/** `3d`, `5h`, `12m`, `40s`: the age of a thing in one unit. */
export function formatAge(seconds: number): string {
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)}d`;
  if (seconds >= 3_600) return `${Math.floor(seconds / 3_600)}h`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m`;
  return `${Math.max(0, Math.floor(seconds))}s`;
}
