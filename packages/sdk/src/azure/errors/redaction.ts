/**
 * Secret scrubbing for text that comes back from Azure (error messages can echo a webhook URL) and for what the
 * client logs. Known secret values are replaced wherever they appear; URLs additionally lose their query string.
 */
import { redactText, SENSITIVE_PLACEHOLDER, Secret } from '../../secret/index.js';

const URL_WITH_QUERY = /(https?:\/\/[^\s"'<>?#]+)\?[^\s"'<>#]*/gi;

/**
 * The fragments of a webhook URL that must never be shown: the whole URL, its query string, every query value
 * and long path segments (some servers put the secret in the path).
 */
export function secretFragmentsOfUrl(url: string | Secret): string[] {
  const value = url instanceof Secret ? url.reveal() : url;
  const out = [value];
  try {
    const parsed = new URL(value);
    if (parsed.search.length > 1) out.push(parsed.search.slice(1));
    for (const [, v] of parsed.searchParams) out.push(v, encodeURIComponent(v));
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 20) out.push(segment);
    if (parsed.password) out.push(parsed.password);
  } catch {
    // Not a URL: the whole value is the secret.
  }
  // Longest first, so a URL is replaced whole before its parts.
  return [...new Set(out.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
}

/** Removes known secrets, then any URL query string, from `text`. */
export function scrubText(text: string, secrets: Iterable<string> = []): string {
  return redactText(text, secrets).replace(URL_WITH_QUERY, `$1?${SENSITIVE_PLACEHOLDER}`);
}
