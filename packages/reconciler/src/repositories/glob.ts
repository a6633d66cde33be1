import { globToRegExp, isGlob } from '@scout-acr/sdk';

export { globToRegExp, isGlob };

export interface RepositorySelection {
  include: string[];
  exclude: string[];
}

/** Normalises the two config forms (a list, or include/exclude) into one. */
export function toSelection(repositories: string[] | { include: string[]; exclude?: string[] }): RepositorySelection {
  return Array.isArray(repositories)
    ? { include: repositories, exclude: [] }
    : { include: repositories.include, exclude: repositories.exclude ?? [] };
}

/**
 * Expands a selection against a registry's catalog. Literal names are kept even when the catalog does not list
 * them yet (a repository can be activated before its first push); globs only match what exists. Sorted, unique.
 */
export function selectRepositories(selection: RepositorySelection, catalog: Iterable<string>): string[] {
  const includes = selection.include.map((p) => ({ pattern: p, regexp: globToRegExp(p) }));
  const excludes = selection.exclude.map(globToRegExp);
  const selected = new Set<string>();
  const excluded = (name: string) => excludes.some((re) => re.test(name));
  for (const name of catalog) {
    if (includes.some((i) => i.regexp.test(name)) && !excluded(name)) selected.add(name);
  }
  for (const { pattern } of includes) {
    if (!isGlob(pattern) && !excluded(pattern)) selected.add(pattern);
  }
  return [...selected].sort();
}
