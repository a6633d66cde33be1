// @ts-check
/**
 * The signed-in identity. The API key is sent once, in the body of the sign-in request, and then forgotten: the
 * session lives in an HttpOnly cookie this script cannot read. Only the organization and role stay in memory.
 */
import { ApiError, get, request } from './api.js';

/** @typedef {import('../types.js').SessionIdentity} SessionIdentity */

/** @type {SessionIdentity | null} */
let identity = null;

export function currentIdentity() {
  return identity;
}

export function forgetIdentity() {
  identity = null;
}

/** Asks the server who the session cookie belongs to; null when there is no (valid) session. */
export async function loadIdentity() {
  try {
    /** @type {{ organization: string, role: 'admin' | 'viewer' }} */
    const me = await get('/v1/me');
    identity = { organization: me.organization, role: me.role };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) identity = null;
    else throw error;
  }
  return identity;
}

/**
 * Exchanges an API key for a session cookie.
 * @param {string} apiKey
 * @returns {Promise<SessionIdentity>}
 */
export async function signIn(apiKey) {
  /** @type {{ org: string, role: 'admin' | 'viewer' }} */
  const answer = await request('POST', '/dashboard/session', { body: { apiKey } });
  identity = { organization: answer.org, role: answer.role };
  return identity;
}

/** Ends the session on the server (the cookie is cleared by its answer). */
export async function signOut() {
  try {
    await request('DELETE', '/dashboard/session');
  } finally {
    identity = null;
  }
}
