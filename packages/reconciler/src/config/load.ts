import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue, ConfigNotFoundError } from './errors.js';
import { interpolate, type ReferenceResolver } from './interpolate.js';
import { type Config, RawConfigSchema, ResolvedConfigSchema } from './schema.js';

export interface LoadConfigOptions {
  /** Resolves `${env:}` / `${file:}`; default: `process.env` and files relative to the config file. */
  resolver?: ReferenceResolver;
}

export interface LoadedConfig {
  config: Config;
  file: string;
  /** Every value that came from a reference, for redaction of anything printed. */
  resolvedValues: string[];
}

/** Reads, interpolates and validates a config file; throws ConfigError listing every problem with its position. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigNotFoundError(file, error);
  }
  return parseConfig(text, file, options.resolver ?? defaultResolver(file));
}

export function defaultResolver(file: string): ReferenceResolver {
  const base = dirname(resolve(file));
  return {
    env: (name) => process.env[name],
    file: (path) => {
      try {
        return readFileSync(isAbsolute(path) ? path : resolve(base, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** The pure core of `loadConfig`: text in, validated config or every problem out. */
export function parseConfig(text: string, file: string, resolver: ReferenceResolver): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => lineCounter.linePos(offset);
  const issues: ConfigIssue[] = [];
  for (const error of doc.errors) {
    const { line, col } = position(error.pos[0]);
    issues.push({ file, line, column: col, path: '', message: error.message.split('\n')[0] as string });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const tree: unknown = doc.toJS();
  if (tree === null || tree === undefined) {
    throw new ConfigError([{ file, line: 1, column: 1, path: '', message: 'the config file is empty' }]);
  }

  const locate = (path: ReadonlyArray<PropertyKey>, message: string): ConfigIssue => {
    const { line, column } = nodePosition(doc, path, position);
    return { file, line, column, path: formatPath(path), message };
  };
  const locateKey = (parent: ReadonlyArray<PropertyKey>, key: string, message: string): ConfigIssue => {
    const map = parent.length === 0 ? doc.contents : doc.getIn(parent as unknown[], true);
    const pair = isMap(map) ? map.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    if (!range) return locate([...parent, key], message);
    const { line, col } = position(range[0]);
    return { file, line, column: col, path: formatPath([...parent, key]), message };
  };
  const raw = RawConfigSchema.safeParse(tree);
  if (!raw.success) throw new ConfigError(zodIssues(raw.error, locate, locateKey));

  const { value, problems, resolvedValues } = interpolate(tree, resolver);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => locate(p.path, p.message)));
  const resolved = ResolvedConfigSchema.safeParse(value);
  if (!resolved.success) throw new ConfigError(zodIssues(resolved.error, locate, locateKey));

  const semantic = semanticIssues(resolved.data).map((p) => locate(p.path, p.message));
  if (semantic.length > 0) throw new ConfigError(semantic);
  return { config: resolved.data, file, resolvedValues };
}

/** Rules that span several values, which a per-field schema cannot express. */
function semanticIssues(config: Config): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const seen = new Map<string, number>();
  config.registries.forEach((registry, index) => {
    if (!registry.subscriptionId && !config.azure.subscriptionId) {
      problems.push({
        path: ['registries', index],
        message: 'no subscriptionId: set it on the registry or as azure.subscriptionId',
      });
    }
    const key =
      `${registry.subscriptionId ?? config.azure.subscriptionId}/${registry.resourceGroup}/${registry.name ?? registry.loginServer}`.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ path: ['registries', index], message: `duplicate of registries[${first}]` });
    } else seen.set(key, index);
  });
  return problems;
}

type Locate = (path: ReadonlyArray<PropertyKey>, message: string) => ConfigIssue;

function zodIssues(
  error: z.ZodError,
  locate: Locate,
  locateKey: (parent: ReadonlyArray<PropertyKey>, key: string, message: string) => ConfigIssue,
) {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return locateKey([...issue.path], issue.keys[0] as string, `unknown field "${issue.keys.join('", "')}"`);
    }
    if (issue.code === 'invalid_union') {
      // Report the most specific branch's message rather than "invalid input".
      const branches = issue.errors.flat();
      const best = branches.find((b) => b.code !== 'invalid_format' || !String(b.message).includes('reference'));
      if (best) return locate([...issue.path, ...best.path], best.message);
    }
    return locate(issue.path, issue.message);
  });
}

function nodePosition(
  doc: Document,
  path: ReadonlyArray<PropertyKey>,
  position: (offset: number) => { line: number; col: number },
): { line: number; column: number } {
  // Walk down as far as the path exists; a missing field is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = position(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}
