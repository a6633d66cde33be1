/**
 * Repository globs as users write them (scout-acr.yaml, the server's activation API): `*` and `?` stay within one
 * path segment, `**` spans segments (`team-a/**` matches `team-a/x/y`; a `**` segment may also be empty; `**`
 * alone matches everything). Shared by the server and the reconciler so both select exactly the same repositories.
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
