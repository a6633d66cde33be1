import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';

export const IntegrationStatus = z
  .enum(['CONNECTED', 'PENDING', 'FAILED'])
  .register(contractSchemas, { id: 'IntegrationStatus' });
export type IntegrationStatus = z.infer<typeof IntegrationStatus>;

/**
 * Why a connection test failed, as a stable code beside the human `statusReason`.
 * `bad-password`, `disabled-token`, `no-catalog-right`, `unreachable`, `tls`, `unknown`.
 */
export const ConnectionFailure = z
  .enum([
    'bad-password',
    'unknown-token',
    'disabled-token',
    'expired-password',
    'no-catalog-right',
    'unreachable',
    'tls',
    'unknown',
  ])
  .register(contractSchemas, { id: 'ConnectionFailure' });
export type ConnectionFailure = z.infer<typeof ConnectionFailure>;

/** How the integration's webhook is doing: what an operator checks first when images stop arriving. */
export const WebhookHealth = z
  .object({
    lastEventAt: Timestamp.nullable().describe('When the newest stored event was received; null before the first'),
    lastHandshakeAt: Timestamp.nullable().describe(
      'When the webhook last answered an Event Grid subscription validation handshake; null if never',
    ),
    eventsLast24h: z.number().int().describe('Events received in the last 24 hours (duplicates not counted)'),
    deadJobs: z.number().int().describe('Dead-lettered jobs of this integration (`GET …/jobs?state=dead`)'),
  })
  .register(contractSchemas, { id: 'WebhookHealth' });
export type WebhookHealth = z.infer<typeof WebhookHealth>;

const LoginServer = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'a host name with an optional port, e.g. myregistry.azurecr.io');
const TokenName = z.string().min(1).max(50);
const Password = z.string().min(1).max(1024);

/** An ACR integration as the API shows it. The password is never returned; the webhook URL only to admins. */
export const Integration = z
  .object({
    id: z.string(),
    name: z.string(),
    loginServer: z.string(),
    tokenName: z.string(),
    status: IntegrationStatus,
    statusReason: z.string().nullable(),
    failure: ConnectionFailure.nullable(),
    lastCheckedAt: Timestamp.nullable(),
    webhookUrl: z.string().optional().describe('Carries the webhook secret: returned to admin keys only'),
    webhookBaseUrl: z
      .string()
      .optional()
      .describe('The webhook URL without its query (no secret): what an event subscription GET shows. Admin keys only'),
    webhookFingerprint: z
      .string()
      .optional()
      .describe('First 16 hex characters of sha256 of the full webhook URL: detects secret rotation. Admin keys only'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    webhookHealth: WebhookHealth.optional().describe('Webhook health; always sent by this server version'),
  })
  .register(contractSchemas, { id: 'Integration' });
export type Integration = z.infer<typeof Integration>;

export const CreateIntegrationRequest = z
  .object({
    name: z.string().min(1).max(100).optional().describe('Defaults to the login server'),
    loginServer: LoginServer,
    tokenName: TokenName,
    password: Password,
  })
  .register(contractSchemas, { id: 'CreateIntegrationRequest' });
export type CreateIntegrationRequest = z.infer<typeof CreateIntegrationRequest>;

export const UpdateIntegrationRequest = z
  .object({
    name: z.string().min(1).max(100).optional(),
    loginServer: LoginServer.optional(),
    tokenName: TokenName.optional(),
    password: Password.optional(),
  })
  .register(contractSchemas, { id: 'UpdateIntegrationRequest' });
export type UpdateIntegrationRequest = z.infer<typeof UpdateIntegrationRequest>;

export const RotatePasswordRequest = z
  .object({ password: Password })
  .register(contractSchemas, { id: 'RotatePasswordRequest' });
export type RotatePasswordRequest = z.infer<typeof RotatePasswordRequest>;

export const IntegrationList = pageOf(Integration).register(contractSchemas, { id: 'IntegrationList' });

export const DeletedResponse = z.object({ deleted: z.literal(true) }).register(contractSchemas, { id: 'Deleted' });
