/**
 * Returns the `rel="next"` target of an RFC 8288 `Link` header, resolved against `base`
 * (registries send relative links such as `</v2/_catalog?last=x&n=100>; rel="next"`).
 */
export function nextLink(header: string | null | undefined, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    if (rels?.[1]?.split(/\s+/).includes('next')) return new URL(match[1] ?? '', base).toString();
  }
  return undefined;
}
