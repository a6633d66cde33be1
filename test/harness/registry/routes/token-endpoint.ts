import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Access, grant, parseScope } from '../auth/access.js';
import { type Identity, parseBasic, refusalMessage } from '../auth/identities.js';
import type { TokenSigner } from '../auth/jwt.js';
import { sendErrors, sendJson } from './respond.js';

export interface TokenEndpointContext {
  loginServer: string;
  signer: TokenSigner;
  tokenTtlSeconds: number;
  now: () => Date;
  authenticate: (credentials: { username: string; password: string }) => Identity;
}

/**
 * ACR's `GET /oauth2/token?service=<login server>&scope=…` with Basic `<token name>:<password>`: answers
 * `{access_token}` (a JWT whose `access` claim holds what the token's scope map allows of the requested
 * scopes, possibly nothing), or 401 with an ACR-like error body. Anonymous requests are refused, as on
 * every ACR registry without anonymous pull.
 */
export function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: TokenEndpointContext,
): void {
  if (req.method !== 'GET' && req.method !== 'POST') {
    sendErrors(res, 405, [{ code: 'UNSUPPORTED', message: 'method not allowed' }]);
    return;
  }
  const service = url.searchParams.get('service');
  if (service && service !== ctx.loginServer) {
    sendErrors(res, 400, [{ code: 'DENIED', message: `unknown service ${service}` }]);
    return;
  }
  const credentials = parseBasic(req.headers.authorization);
  if (!credentials) {
    sendErrors(res, 401, [{ code: 'UNAUTHORIZED', message: refusalMessage('anonymous') }], {
      'www-authenticate': `Basic realm="https://${ctx.loginServer}/oauth2/token"`,
    });
    return;
  }
  const identity = ctx.authenticate(credentials);
  if (!identity.ok) {
    sendErrors(res, 401, [{ code: 'UNAUTHORIZED', message: refusalMessage(identity.reason) }]);
    return;
  }
  const requested = url.searchParams
    .getAll('scope')
    .flatMap((s) => s.split(' '))
    .map(parseScope)
    .filter((a): a is Access => a !== undefined);
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  const token = ctx.signer.sign({
    iss: ctx.loginServer,
    sub: identity.name,
    aud: ctx.loginServer,
    iat: nowSeconds,
    nbf: nowSeconds - 5,
    exp: nowSeconds + ctx.tokenTtlSeconds,
    jti: randomUUID(),
    access: grant(identity.actions, requested),
  });
  // ACR returns only the token (a JWT); clients read its `exp`. `token` is the distribution spec's name.
  sendJson(res, 200, { access_token: token, token });
}
