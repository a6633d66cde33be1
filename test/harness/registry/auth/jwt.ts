import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Access } from './access.js';

/** Claims of the access tokens the front issues: ACR's shape (a JWT with an `access` claim). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  access: Access[];
}

/** HS256 JWTs signed with a per-front random key: only this front can mint or check them. */
export class TokenSigner {
  private readonly key = randomBytes(32);

  sign(claims: AccessTokenClaims): string {
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const body = encode(claims);
    return `${header}.${body}.${this.mac(`${header}.${body}`)}`;
  }

  /** The claims of a token this signer issued and that is valid at `nowSeconds`; undefined otherwise. */
  verify(token: string, nowSeconds: number): AccessTokenClaims | undefined {
    const [header, body, mac] = token.split('.');
    if (!header || !body || !mac) return undefined;
    const expected = Buffer.from(this.mac(`${header}.${body}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AccessTokenClaims;
      return claims.exp > nowSeconds && claims.nbf <= nowSeconds + 60 ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
