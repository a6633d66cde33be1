import { Secret } from '../secret/index.js';

/** Registry credentials: for ACR, a token name and one of its passwords. */
export interface RegistryCredentials {
  username: string;
  password: Secret | string;
}

/** Pass as `credentials` to make only anonymous requests (most ACR registries refuse them). */
export const anonymous = Object.freeze({ anonymous: true as const });
export type AnonymousCredentials = typeof anonymous;

export function basicAuthorization(credentials: RegistryCredentials): string {
  const password = Secret.from(credentials.password).reveal();
  return `Basic ${Buffer.from(`${credentials.username}:${password}`).toString('base64')}`;
}
