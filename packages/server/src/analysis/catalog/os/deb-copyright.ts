import type { Cataloger } from '../types.js';

/**
 * Extracts license names from a Debian copyright file: the `License:` fields of machine-readable (DEP-5) files,
 * and references to `/usr/share/common-licenses/<name>` in free-form ones.
 */
export function parseDebianCopyright(text: string): string[] {
  const licenses = new Set<string>();
  for (const match of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) {
    const value = match[1]!.trim();
    if (value) licenses.add(value);
  }
  for (const match of text.matchAll(/\/usr\/share\/common-licenses\/([A-Za-z0-9+._-]+)/g)) {
    licenses.add(match[1]!.replace(/[.,;]+$/, ''));
  }
  return [...licenses];
}

const COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;

export const debCopyrightCataloger: Cataloger = {
  name: 'deb-copyright',
  maxBytes: 4 * 1024 * 1024,
  wants: (path) => COPYRIGHT.test(path),
  catalog(path, content) {
    const packageName = COPYRIGHT.exec(path)![1]!;
    const licenses = parseDebianCopyright(content.toString('utf8'));
    return licenses.length > 0 ? [{ kind: 'deb-licenses', packageName, licenses }] : [];
  },
};
