import { SENSITIVE_PLACEHOLDER } from './secret.js';

/**
 * Removes known secret values from free text (error messages echoed by remote services, URLs with
 * secrets in their path or query). Values shorter than 4 characters are ignored: they would match noise.
 */
export function redactText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(SENSITIVE_PLACEHOLDER);
  }
  return out;
}

const SECRET_QUERY_KEYS = /([?&](?:code|sig|secret|key|token|password|api[-_]?key)=)[^&#]*/gi;

/** Redacts query parameters whose names say they carry a secret, e.g. `?code=…`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_KEYS, `$1${SENSITIVE_PLACEHOLDER}`);
}
