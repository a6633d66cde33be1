/** Image references the insight commands accept: `host/repo:tag`, `host/repo@sha256:…` or a bare digest. */
import { InsightUsageError } from './errors.js';

/** A parsed image reference. `loginServer` is absent for a bare digest (searched across integrations). */
export interface ImageReference {
  loginServer?: string | undefined;
  repository?: string | undefined;
  tag?: string | undefined;
  digest?: string | undefined;
  /** What the server's image lookup takes: `repo:tag`, `repo@sha256:…` or `sha256:…`. */
  lookup: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses an image reference; throws {@link InsightUsageError} for anything else. */
export function parseImageReference(text: string): ImageReference {
  const value = text.trim();
  if (DIGEST.test(value)) return { digest: value, lookup: value };
  const slash = value.indexOf('/');
  const host = slash > 0 ? value.slice(0, slash) : '';
  // Like Docker: the first segment is a registry host when it has a dot or a port, or is localhost.
  if (!host || !(/[.:]/.test(host) || host === 'localhost')) {
    throw new InsightUsageError(
      `"${text}" is not an image reference: use host/repo:tag, host/repo@sha256:… or sha256:…`,
    );
  }
  let rest = value.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new InsightUsageError(`"${digest}" is not a sha256 digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!digest && !tag) tag = 'latest';
  if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+|__)*$/.test(rest) || (tag !== undefined && !/^\w[\w.-]{0,127}$/.test(tag))) {
    throw new InsightUsageError(`"${text}" is not a valid image reference`);
  }
  const lookup = digest ? `${rest}@${digest}` : `${rest}:${tag}`;
  return { loginServer: host.toLowerCase(), repository: rest, tag, digest, lookup };
}
