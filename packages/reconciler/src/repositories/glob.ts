/**
 * Repository globs as users write them in scout-acr.yaml: `*` and `?` stay within one path segment,
 * `**` spans segments (`team-a/**` matches `team-a/x/y`; `**` alone matches everything).
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` also matches zero segments, so `a/**/b` matches `a/b`.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

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
