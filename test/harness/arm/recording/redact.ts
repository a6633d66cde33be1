/**
 * Secrets never reach recordings: generated password values, full webhook URLs (they carry the webhook
 * secret), secret delivery-attribute values and bearer tokens are replaced by a placeholder. The JSON shape
 * stays the same, so swagger validation of the recordings still works.
 */
export const SENSITIVE = '(sensitive)';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null;
}

function redactEndpointUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url;
  try {
    return `${new URL(url).origin}/${SENSITIVE}`;
  } catch {
    return SENSITIVE;
  }
}

/** A deep copy of `value` with every secret-bearing field replaced. */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'endpointUrl') out[k] = redactEndpointUrl(v);
    else if (k === 'passwords' && Array.isArray(v)) {
      out[k] = v.map((p) => (isObject(p) && typeof p.value === 'string' ? { ...p, value: SENSITIVE } : redactBody(p)));
    } else if (k === 'properties' && isObject(v) && v.isSecret === true && 'value' in v) {
      out[k] = { ...v, value: SENSITIVE };
    } else out[k] = redactBody(v);
  }
  return out;
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  if (out.authorization !== undefined) out.authorization = out.authorization.replace(/^(\S+\s+).*$/, `$1${SENSITIVE}`);
  return out;
}
