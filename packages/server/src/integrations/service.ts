import { randomBytes } from 'node:crypto';
import { Secret } from '@scout-acr/sdk';
import type {
  CreateIntegrationRequest,
  Integration,
  RotatePasswordRequest,
  UpdateIntegrationRequest,
} from '@scout-acr/sdk/client';
import type { Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { sha256 } from '../crypto/index.js';
import { HttpError, notFound } from '../http/index.js';
import type { RegistryCredentials } from '../registry/gateway.js';
import type { IntegrationPatch, IntegrationRow } from '../store/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const passwordContext = (id: string) => `integration:${id}:password`;
const webhookContext = (id: string) => `integration:${id}:webhook`;

/** The webhook path of an integration; the secret travels in `?code=` as Azure Functions keys do. */
export function webhookUrl(publicUrl: string, integrationId: string, secret: string): string {
  return `${publicUrl}/v1/webhooks/eventgrid/${integrationId}?code=${secret}`;
}

/**
 * The admin-only webhook fields: the full URL (with its secret), the URL without its query, and a fingerprint
 * of the full URL so a reconciler can tell a rotated secret without comparing secrets.
 */
function webhookView(ctx: ServerContext, row: IntegrationRow) {
  const full = webhookUrl(ctx.publicUrl, row.id, ctx.secrets.open(row.webhookSecretEnc, webhookContext(row.id)));
  return {
    webhookUrl: full,
    webhookBaseUrl: full.slice(0, full.indexOf('?')),
    webhookFingerprint: sha256(full).toString('hex').slice(0, 16),
  };
}

function newWebhookSecret(
  ctx: ServerContext,
  id: string,
): Pick<IntegrationRow, 'webhookSecretEnc' | 'webhookSecretHash'> {
  const secret = randomBytes(32).toString('base64url');
  return { webhookSecretEnc: ctx.secrets.seal(secret, webhookContext(id)), webhookSecretHash: sha256(secret) };
}

/** The API view: never the password; the webhook URL (with its secret) for admins only. */
export function toApiIntegration(ctx: ServerContext, row: IntegrationRow, principal: Principal): Integration {
  return {
    id: row.id,
    name: row.name,
    loginServer: row.loginServer,
    tokenName: row.tokenName,
    status: row.status,
    statusReason: row.statusReason,
    failure: row.failure as Integration['failure'],
    lastCheckedAt: iso(row.lastCheckedAt),
    ...(principal.role === 'admin' ? webhookView(ctx, row) : {}),
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

export function credentialsOf(ctx: ServerContext, row: IntegrationRow): RegistryCredentials {
  return {
    loginServer: row.loginServer,
    tokenName: row.tokenName,
    password: new Secret(ctx.secrets.open(row.passwordEnc, passwordContext(row.id))),
  };
}

async function runTest(ctx: ServerContext, credentials: RegistryCredentials): Promise<IntegrationPatch> {
  const result = await ctx.tester.test(credentials);
  if (result.status !== 'CONNECTED') ctx.metrics.registryErrors.inc({ operation: 'connection-test' });
  return { status: result.status, statusReason: result.reason, failure: result.failure, lastCheckedAt: ctx.now() };
}

export async function getOwnedIntegration(ctx: ServerContext, principal: Principal, id: string) {
  const row = await ctx.store.getIntegration(principal.orgId, id);
  if (!row) throw notFound('integration');
  return row;
}

export async function createIntegration(ctx: ServerContext, principal: Principal, input: CreateIntegrationRequest) {
  const id = `int_${randomBytes(10).toString('hex')}`;
  const now = ctx.now();
  const test = await runTest(ctx, { ...input, password: new Secret(input.password) });
  const row: IntegrationRow = {
    id,
    orgId: principal.orgId,
    name: input.name ?? input.loginServer,
    loginServer: input.loginServer,
    tokenName: input.tokenName,
    passwordEnc: ctx.secrets.seal(input.password, passwordContext(id)),
    ...newWebhookSecret(ctx, id),
    status: test.status ?? 'PENDING',
    statusReason: test.statusReason ?? null,
    failure: test.failure ?? null,
    lastCheckedAt: test.lastCheckedAt ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.store.insertIntegration(row);
  ctx.logger.info({ integrationId: id, status: row.status }, 'integration created');
  return row;
}

export async function updateIntegration(
  ctx: ServerContext,
  principal: Principal,
  id: string,
  input: UpdateIntegrationRequest,
) {
  const current = await getOwnedIntegration(ctx, principal, id);
  const patch: IntegrationPatch = { name: input.name, loginServer: input.loginServer, tokenName: input.tokenName };
  if (input.password !== undefined) patch.passwordEnc = ctx.secrets.seal(input.password, passwordContext(id));
  const credentialsChanged =
    (input.loginServer !== undefined && input.loginServer !== current.loginServer) ||
    (input.tokenName !== undefined && input.tokenName !== current.tokenName) ||
    input.password !== undefined;
  if (credentialsChanged) {
    Object.assign(
      patch,
      await runTest(ctx, {
        loginServer: input.loginServer ?? current.loginServer,
        tokenName: input.tokenName ?? current.tokenName,
        password: input.password !== undefined ? new Secret(input.password) : credentialsOf(ctx, current).password,
      }),
    );
  }
  await ctx.store.updateIntegration(principal.orgId, id, patch, ctx.now());
  return getOwnedIntegration(ctx, principal, id);
}

export async function retestIntegration(ctx: ServerContext, principal: Principal, id: string) {
  const current = await getOwnedIntegration(ctx, principal, id);
  await ctx.store.updateIntegration(principal.orgId, id, await runTest(ctx, credentialsOf(ctx, current)), ctx.now());
  return getOwnedIntegration(ctx, principal, id);
}

/** Tests the new password first; only a working one replaces the stored password (else 422, nothing changes). */
export async function rotatePassword(
  ctx: ServerContext,
  principal: Principal,
  id: string,
  input: RotatePasswordRequest,
) {
  const current = await getOwnedIntegration(ctx, principal, id);
  const test = await runTest(ctx, { ...credentialsOf(ctx, current), password: new Secret(input.password) });
  if (test.status !== 'CONNECTED') {
    throw new HttpError(
      422,
      'PasswordRejected',
      `the new password was not accepted: ${test.statusReason ?? 'unknown'}`,
    );
  }
  await ctx.store.updateIntegration(
    principal.orgId,
    id,
    { ...test, passwordEnc: ctx.secrets.seal(input.password, passwordContext(id)) },
    ctx.now(),
  );
  return getOwnedIntegration(ctx, principal, id);
}

export async function rotateWebhookSecret(ctx: ServerContext, principal: Principal, id: string) {
  await getOwnedIntegration(ctx, principal, id);
  await ctx.store.updateIntegration(principal.orgId, id, newWebhookSecret(ctx, id), ctx.now());
  return getOwnedIntegration(ctx, principal, id);
}

export async function deleteIntegration(ctx: ServerContext, principal: Principal, id: string) {
  if (!(await ctx.store.deleteIntegration(principal.orgId, id))) throw notFound('integration');
}
