/** Terminal output helpers: colour only on a TTY and never with --no-color or NO_COLOR. */
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false || process.env.NO_COLOR !== undefined) return false;
  return stream.isTTY === true;
}

/** Replaces every known secret value (resolved config references) in text bound for the terminal. */
export function redactor(secrets: string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, secret) => out.split(secret).join('(sensitive)'), text);
}

/** Parses `30s`, `5m`, `1h`, `250ms` or a bare number of seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new Error(`invalid duration "${value}" (use e.g. 30s, 5m, 1h)`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(amount * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h']);
}
