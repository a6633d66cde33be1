import type { z } from 'zod';

/**
 * A precompiled accept-only check derived from a zod schema, for the webhook's hot path: `test(value)` is true only
 * when zod would accept `value` and return a deep-equal copy of it; false means "not sure", and the caller then
 * runs the zod schema itself, which stays the single source of truth (and the only producer of error messages).
 *
 * Why this is exact: the compiler walks the schema's definition and accepts only node types that validate without
 * transforming (object with unknown keys kept, array, optional, string, number, boolean, literal, unknown) and
 * checks that are pure predicates. Each check runs zod's own check function, so its semantics (code-point
 * lengths, safe integers, the RFC 3339 pattern…) are zod's, not a copy. A type test here is never looser than
 * zod's. Anything else (strip or strict objects, transforms, defaults, coercion, pipes, async refinements)
 * compiles to "not sure" for that subtree and is listed in `unsupported`, which the tests require to be empty for
 * the delivery schemas, so a schema change that leaves the fast path's reach shows up as a failing test rather
 * than a silent slowdown.
 *
 * Values must come from `JSON.parse`: an own property holding `undefined` is not a JSON value and is treated as
 * absent.
 */
export interface FastCheck {
  test: (value: unknown) => boolean;
  /** Paths (`data.target.size`) of schema parts the compiler does not handle: always "not sure" there. */
  unsupported: string[];
}

type Test = (value: unknown) => boolean;

interface ZodInternals {
  def: {
    type: string;
    checks?: ZodCheckLike[];
    coerce?: boolean;
    shape?: Record<string, ZodLike>;
    catchall?: ZodLike;
    innerType?: ZodLike;
    element?: ZodLike;
    values?: unknown[];
  };
  traits: Set<string>;
}
interface ZodLike {
  _zod: ZodInternals;
}
interface ZodCheckLike {
  _zod: {
    def: { check: string; format?: string };
    traits: Set<string>;
    check: (payload: { value: unknown; issues: unknown[] }) => unknown;
  };
}

// Checks that only look at the value. Not here on purpose: `overwrite` (trim, lowercase…), `mime_type`, and the
// string formats whose check rewrites the value (a normalized `url`) or is more than a pattern.
const PREDICATE_CHECKS = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'number_format',
  'greater_than',
  'less_than',
  'multiple_of',
]);
const PATTERN_FORMATS = new Set(['regex', 'datetime', 'date', 'time', 'uuid', 'guid']);

function isPredicate(check: ZodCheckLike): boolean {
  const def = check._zod.def;
  if (PREDICATE_CHECKS.has(def.check)) return true;
  if (def.check === 'string_format') return PATTERN_FORMATS.has(def.format ?? '');
  // `.refine(fn)`: fn(value) decides; a superRefine or `.check()` gets the whole payload and could rewrite it.
  return def.check === 'custom' && check._zod.traits.has('$ZodCustom');
}

const never: Test = () => false;
const always: Test = () => true;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// One scratch payload for zod's check functions: they are synchronous (a Promise result means "not sure") and
// only push issues on failure, so reusing it allocates nothing on the success path.
const scratch: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };

function runsClean(check: ZodCheckLike['_zod']['check'], value: unknown): boolean {
  scratch.value = value;
  scratch.issues.length = 0;
  const result = check(scratch);
  const clean = result === undefined && scratch.issues.length === 0;
  scratch.value = undefined;
  scratch.issues.length = 0;
  return clean;
}

export function compileFastCheck(schema: z.ZodType): FastCheck {
  const unsupported: string[] = [];
  const test = compileNode(schema as unknown as ZodLike, '', unsupported);
  return { test, unsupported };
}

function compileNode(node: ZodLike, path: string, unsupported: string[]): Test {
  const internals = node._zod;
  const def = internals.def;
  const giveUp = (why: string): Test => {
    unsupported.push(`${path || '(root)'}: ${why}`);
    return never;
  };
  if (def.coerce) return giveUp(`coerced ${def.type}`);

  let typeTest: Test;
  switch (def.type) {
    case 'string':
      typeTest = (v) => typeof v === 'string';
      break;
    case 'number':
      typeTest = (v) => typeof v === 'number' && Number.isFinite(v);
      break;
    case 'boolean':
      typeTest = (v) => typeof v === 'boolean';
      break;
    case 'literal': {
      const values = new Set(def.values);
      typeTest = (v) => values.has(v);
      break;
    }
    case 'unknown':
    case 'any':
      typeTest = always;
      break;
    case 'optional': {
      if (!def.innerType) return giveUp('optional without an inner type');
      const inner = compileNode(def.innerType, path, unsupported);
      typeTest = (v) => v === undefined || inner(v);
      break;
    }
    case 'array': {
      if (!def.element) return giveUp('array without an element type');
      const element = compileNode(def.element, `${path}[]`, unsupported);
      typeTest = (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
      break;
    }
    case 'object': {
      // Only objects that keep unknown keys as they are: zod's output is then a copy of the input.
      const catchall = def.catchall?._zod.def;
      if (catchall?.type !== 'unknown' || catchall.checks?.length)
        return giveUp('object that drops or checks unknown keys');
      const keys = Object.keys(def.shape ?? {});
      const tests = keys.map((key) =>
        compileNode((def.shape as Record<string, ZodLike>)[key] as ZodLike, path ? `${path}.${key}` : key, unsupported),
      );
      typeTest = (v) => {
        if (!isObject(v)) return false;
        for (let i = 0; i < keys.length; i++) if (!(tests[i] as Test)(v[keys[i] as string])) return false;
        return true;
      };
      break;
    }
    default:
      return giveUp(`zod type '${def.type}'`);
  }

  // As zod's runner does: a schema that is itself a check (string formats such as datetime) runs first.
  const checks = [
    ...(internals.traits.has('$ZodCheck') ? [node as unknown as ZodCheckLike] : []),
    ...(def.checks ?? []),
  ];
  if (checks.length === 0) return typeTest;
  const checkFns: Array<ZodCheckLike['_zod']['check']> = [];
  for (const check of checks) {
    if (!isPredicate(check)) return giveUp(`check '${check._zod.def.check}' (${check._zod.def.format ?? 'no format'})`);
    checkFns.push(check._zod.check);
  }
  return (v) => {
    if (!typeTest(v)) return false;
    for (let i = 0; i < checkFns.length; i++)
      if (!runsClean(checkFns[i] as ZodCheckLike['_zod']['check'], v)) return false;
    return true;
  };
}
