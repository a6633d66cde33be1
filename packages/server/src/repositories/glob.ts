/**
 * Repository globs: `*` matches within one path segment, `**` across segments, `?` one character
 * (not `/`). Everything else is literal. `team/**` matches `team/a` and `team/a/b`.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The catalog names that `patterns` select, plus `names` as given (in catalog order, then the rest). */
export function selectRepositories(catalog: string[], names: string[] = [], patterns: string[] = []): string[] {
  const regexps = patterns.map(globToRegExp);
  const selected = new Set<string>();
  for (const name of catalog) if (regexps.some((r) => r.test(name))) selected.add(name);
  for (const name of names) selected.add(name);
  return [...selected];
}
