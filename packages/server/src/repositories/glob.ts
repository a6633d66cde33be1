import { globToRegExp } from '@scout-acr/sdk';

export { globToRegExp };

/** The catalog names that `patterns` select, plus `names` as given (in catalog order, then the rest). */
export function selectRepositories(catalog: string[], names: string[] = [], patterns: string[] = []): string[] {
  const regexps = patterns.map(globToRegExp);
  const selected = new Set<string>();
  for (const name of catalog) if (regexps.some((r) => r.test(name))) selected.add(name);
  for (const name of names) selected.add(name);
  return [...selected];
}
