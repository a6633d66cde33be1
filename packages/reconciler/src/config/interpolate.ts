import { REFERENCE_PATTERN } from './schema.js';

/** Where references are resolved from; injectable so the core stays pure and testable. */
export interface ReferenceResolver {
  env(name: string): string | undefined;
  file(path: string): string | undefined;
}

export interface InterpolationProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * Replaces every whole-value `${env:NAME}` / `${file:PATH}` string in a parsed config tree. File contents are
 * trimmed of a trailing newline (as `echo key > file` leaves one). Problems are collected, not thrown, so that
 * all of them can be reported at once; the resolved values are also returned so callers can redact them.
 */
export function interpolate(
  tree: unknown,
  resolver: ReferenceResolver,
): { value: unknown; problems: InterpolationProblem[]; resolvedValues: string[] } {
  const problems: InterpolationProblem[] = [];
  const resolvedValues: string[] = [];
  const walk = (node: unknown, path: Array<string | number>): unknown => {
    if (typeof node === 'string') {
      const match = REFERENCE_PATTERN.exec(node);
      if (!match) return node;
      const [, kind, target] = match as unknown as [string, 'env' | 'file', string];
      const resolved = kind === 'env' ? resolver.env(target) : resolver.file(target)?.replace(/\r?\n$/, '');
      if (resolved === undefined || resolved === '') {
        problems.push({
          path,
          message:
            kind === 'env'
              ? `environment variable ${target} is not set (referenced as ${node})`
              : `file ${target} cannot be read or is empty (referenced as ${node})`,
        });
        return node;
      }
      resolvedValues.push(resolved);
      return resolved;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };
  return { value: walk(tree, []), problems, resolvedValues };
}
