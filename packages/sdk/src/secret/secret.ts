import { inspect } from 'node:util';

const REDACTED = '(sensitive)';
const values = new WeakMap<Secret, string>();

/**
 * A value that must never reach output, logs, plans or errors: token passwords, webhook secrets, API keys.
 * It renders as `(sensitive)` through `String()`, template literals, `JSON.stringify` and `util.inspect`;
 * the only way to the value is an explicit `reveal()` at the point where it is handed to its consumer.
 * The value lives in a module-private WeakMap, so neither enumerating nor spreading the object exposes it.
 */
export class Secret {
  constructor(value: string) {
    values.set(this, value);
  }

  /** The secret value. Call only where it is sent to its legitimate consumer. */
  reveal(): string {
    return values.get(this) as string;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret<${REDACTED}>`;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  /** Wraps a plain string; returns an existing Secret unchanged. */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }
}

export const SENSITIVE_PLACEHOLDER = REDACTED;
