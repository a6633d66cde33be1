import { type AuthChallenge, parseWwwAuthenticate, preferredChallenge } from './challenge.js';
import { basicAuthorization, type RegistryCredentials } from './credentials.js';
import { describeErrorBody } from './error-body.js';
import { RegistryProtocolError, RegistryUnauthorizedError } from './errors.js';
import { mergeScopes } from './scopes.js';
import { TokenCache, tokenExpiry } from './token-cache.js';
import { readBody, requestIdOf, type Transport } from './transport.js';

/**
 * Challenge-driven registry auth (the Docker/OCI token flow that ACR implements): learns the scheme from the
 * first 401's `Www-Authenticate`, then answers Basic challenges with the credentials and Bearer challenges
 * with a token from the realm (`GET /oauth2/token?service=…&scope=…` with Basic `<token name>:<password>`),
 * cached per scope set until it expires.
 */
export class Authenticator {
  private challenge: AuthChallenge | undefined;
  readonly tokens: TokenCache;

  constructor(
    private readonly transport: Transport,
    private readonly registry: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = new TokenCache(now);
  }

  /**
   * The Authorization header to send first for `scopes`: nothing until a challenge has been seen, then a
   * cached or freshly fetched token (saving the 401 round trip for every new repository).
   */
  async authorizationFor(scopes: string[], signal?: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') return this.credentials ? basicAuthorization(this.credentials) : undefined;
    return this.tokens.get(scopes) ?? this.fetchToken(challenge, scopes, signal);
  }

  /**
   * Answers a 401: records its challenge and returns a fresh Authorization for `scopes` plus any scope the
   * challenge names. Throws RegistryUnauthorizedError when no credentials can satisfy it.
   */
  async answer(wwwAuthenticate: string | undefined, scopes: string[], signal?: AbortSignal): Promise<string> {
    const challenge = preferredChallenge(parseWwwAuthenticate(wwwAuthenticate));
    if (!challenge) {
      throw new RegistryUnauthorizedError(
        `${this.registry} requires authentication with an unsupported scheme`,
        this.registry,
      );
    }
    this.challenge = challenge;
    if (challenge.scheme === 'basic') {
      if (!this.credentials) {
        throw new RegistryUnauthorizedError(`${this.registry} refuses anonymous access`, this.registry);
      }
      return basicAuthorization(this.credentials);
    }
    this.tokens.delete(scopes);
    const named = challenge.params.scope?.split(' ').filter(Boolean) ?? [];
    return this.fetchToken(challenge, scopes, signal, named);
  }

  /** The scheme in use once known (`bearer`/`basic`), for deciding what a second 401 means. */
  get scheme(): string | undefined {
    return this.challenge?.scheme;
  }

  private async fetchToken(
    challenge: AuthChallenge,
    scopes: string[],
    signal: AbortSignal | undefined,
    extraScopes: string[] = [],
  ): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryProtocolError(`${this.registry}: Bearer challenge without realm`, this.registry);
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const scope of mergeScopes([...scopes, ...extraScopes])) url.searchParams.append('scope', scope);
    const response = await this.transport.send({
      method: 'GET',
      url: url.toString(),
      authorization: this.credentials ? basicAuthorization(this.credentials) : undefined,
      signal,
    });
    if (response.status === 401 || response.status === 403) {
      const detail = await describeErrorBody(response.body).catch(() => undefined);
      const who = this.credentials ? `token '${this.credentials.username}'` : 'anonymous access';
      throw new RegistryUnauthorizedError(
        this.transport.safe(`${this.registry} refused ${who}${detail ? `: ${detail}` : ''}`),
        this.registry,
        { status: response.status, requestId: requestIdOf(response) },
      );
    }
    const statusError = this.transport.statusError(response, `token request to ${this.registry}`);
    if (statusError) {
      response.body.resume();
      throw statusError;
    }
    if (response.status !== 200) {
      response.body.resume();
      throw new RegistryProtocolError(`token endpoint of ${this.registry} answered ${response.status}`, this.registry, {
        status: response.status,
      });
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse((await readBody(response.body, 1 << 20)).toString('utf8'));
    } catch (error) {
      throw this.transport.networkError(error, url.toString(), signal);
    }
    const token = typeof body.access_token === 'string' ? body.access_token : body.token;
    if (typeof token !== 'string' || token === '') {
      throw new RegistryProtocolError(`token endpoint of ${this.registry} returned no token`, this.registry);
    }
    const authorization = `Bearer ${token}`;
    this.tokens.set(scopes, authorization, tokenExpiry(token, body.expires_in, this.now()));
    return authorization;
  }
}
