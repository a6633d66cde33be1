/**
 * Parses RFC 822-style control paragraphs (dpkg status, Debian control files): `Field: value` lines, continuation
 * lines starting with a space or tab, paragraphs separated by blank lines. Field names are kept as written.
 */
export function parseControlParagraphs(text: string): Array<Record<string, string>> {
  const paragraphs: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  let lastField: string | undefined;
  const flush = () => {
    if (Object.keys(current).length > 0) paragraphs.push(current);
    current = {};
    lastField = undefined;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && lastField) {
      current[lastField] += `\n${line.slice(1)}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    lastField = line.slice(0, colon);
    current[lastField] = line.slice(colon + 1).trim();
  }
  flush();
  return paragraphs;
}
