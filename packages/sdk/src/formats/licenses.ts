/**
 * License classification: which declared license strings are valid SPDX identifiers or expressions.
 * Packages declare licenses loosely ("GPL-2+", "BSD", "MIT License"); formats that require SPDX syntax
 * only get the strings that parse, the rest are kept as names (CycloneDX) or comments (SPDX).
 */
import parseSpdx from 'spdx-expression-parse';

/** How one declared license string is represented. */
export type LicenseClass =
  /** A single SPDX license id from the SPDX license list, e.g. `MIT`, `GPL-2.0-or-later`. */
  | { kind: 'id'; id: string }
  /** A valid compound SPDX expression (`MIT OR Apache-2.0`), or a single `LicenseRef-…`. */
  | { kind: 'expression'; expression: string }
  /** Anything else: a free-text license name. */
  | { kind: 'name'; name: string };

/** Classifies a declared license string. */
export function classifyLicense(raw: string): LicenseClass {
  const text = raw.trim();
  let parsed: ReturnType<typeof parseSpdx>;
  try {
    parsed = parseSpdx(text);
  } catch {
    return { kind: 'name', name: text };
  }
  if ('license' in parsed && parsed.plus !== true && parsed.exception === undefined && !text.includes('LicenseRef-')) {
    return { kind: 'id', id: parsed.license };
  }
  return { kind: 'expression', expression: text };
}

/**
 * One SPDX expression combining every declared license that parses (joined with AND, since a package
 * carrying several licenses is bound by all of them), or undefined when none parses.
 */
export function spdxExpressionOf(licenses: readonly string[]): { expression?: string; unparsed: string[] } {
  const parts: string[] = [];
  const unparsed: string[] = [];
  const distinct = [...new Set(licenses.map((l) => l.trim()).filter((l) => l !== ''))].sort();
  for (const raw of distinct) {
    const c = classifyLicense(raw);
    if (c.kind === 'name') unparsed.push(raw);
    else parts.push(c.kind === 'id' ? c.id : c.expression);
  }
  if (parts.length === 0) return { unparsed };
  if (parts.length === 1) return { expression: parts[0] as string, unparsed };
  // Parenthesise compound members so AND binds to each declared license as a whole.
  return { expression: parts.map((e) => (e.includes(' ') ? `(${e})` : e)).join(' AND '), unparsed };
}
