import { Secret } from '@scout-acr/sdk';
import { z } from 'zod';

/**
 * `scout-acr.yaml`, defined once. The same definition serves two phases:
 * - `raw`: the file as written, where values may be `${env:NAME}` / `${file:PATH}` references and secrets MUST be
 *   references (an API key inline in a file in Git is refused). The JSON Schema for editors is generated from it.
 * - `resolved`: after interpolation, where every value must be valid as itself (UUIDs, URLs, names).
 */
export type ConfigPhase = 'raw' | 'resolved';

export const REFERENCE_PATTERN = /^\$\{(env|file):([^}]+)\}$/;
const reference = z
  .string()
  .regex(REFERENCE_PATTERN, 'must be a reference such as ${env:NAME} or ${file:PATH}')
  .describe('A reference resolved when the config is loaded: ${env:NAME} or ${file:PATH}.');

/** A value that may be written as a reference in the raw phase. */
function value<T extends z.ZodType>(phase: ConfigPhase, schema: T) {
  return phase === 'raw' ? z.union([reference, schema]) : schema;
}

const TOKEN_NAME = /^[a-zA-Z0-9-]{5,50}$/;
const RESOURCE_NAME = /^[a-zA-Z0-9-_]{3,64}$/;
const REGISTRY_NAME = /^[a-zA-Z0-9]{5,50}$/;

const durationDays = z.number().int().positive().max(3650);

export function configSchema(phase: ConfigPhase) {
  const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
  const names = z
    .strictObject({
      token: z
        .string()
        .regex(TOKEN_NAME, 'token names are 5-50 letters, digits or hyphens (no underscore)')
        .default('docker-scout-readonly-token'),
      systemTopic: z.string().regex(RESOURCE_NAME).default('docker-scout-repository'),
      eventSubscription: z.string().regex(RESOURCE_NAME).default('image-change'),
      scopeMap: z
        .string()
        .regex(/^[a-zA-Z0-9-_]{5,50}$/)
        .default('scout-acr-read')
        .describe('Name of the least-privilege scope map (used only with tokenScope: repositories).'),
    })
    .describe('Names of the Azure resources scout-acr manages (defaults are those of Docker’s ARM template).');
  const password = z
    .strictObject({
      expiresInDays: durationDays.default(90).describe('Lifetime of each generated token password.'),
      rotateBeforeDays: durationDays
        .default(14)
        .describe('Generate the other password this many days before the current one expires.'),
    })
    .refine((p) => p.rotateBeforeDays < p.expiresInDays, {
      message: 'rotateBeforeDays must be less than expiresInDays',
      path: ['rotateBeforeDays'],
    });
  const tokenScope = z
    .enum(['read-only', 'repositories'])
    .describe(
      'read-only: the built-in _repositories_pull_metadata_read scope map; repositories: a scope map limited to the configured repositories (such a token cannot list the catalog).',
    );
  const repositoryPattern = z
    .string()
    .min(1)
    .regex(/^[a-z0-9*?][a-z0-9._/*?-]*$/, 'repository names and globs use lower-case letters, digits, . _ - / * ?');
  const repositories = z
    .union([
      z.array(repositoryPattern).describe('Repository names or globs to activate.'),
      z.strictObject({
        include: z.array(repositoryPattern).min(1),
        exclude: z.array(repositoryPattern).default([]),
      }),
    ])
    .describe('Which repositories to activate: names or globs (`team-a/*`, `**`).');
  const registry = z
    .strictObject({
      subscriptionId: value(phase, z.guid({ error: 'must be an Azure subscription id (a UUID)' })).optional(),
      resourceGroup: value(phase, z.string().regex(/^[-\w._()]{1,90}$/, 'not a valid resource group name')),
      name: value(phase, z.string().regex(REGISTRY_NAME, 'registry names are 5-50 letters or digits')).optional(),
      loginServer: value(phase, z.string().min(3)).optional(),
      repositories: repositories.default(['**']),
      deletionPolicy: z
        .enum(['delete', 'orphan'])
        .optional()
        .describe(
          'delete: remove what scout-acr created when the registry leaves the config; orphan: stop managing it.',
        ),
      suspend: z.boolean().optional().describe('Pause reconciling this registry.'),
      tokenScope: tokenScope.optional(),
    })
    .refine((r) => r.name !== undefined || r.loginServer !== undefined, {
      message: 'a registry needs `name` or `loginServer`',
    });
  return z
    .strictObject({
      $schema: z.string().optional(),
      version: z.literal(1, { error: 'version must be 1' }),
      server: z.strictObject({
        url: value(phase, url).describe('Base URL of the scout-acr server.'),
        apiKey: (phase === 'raw'
          ? reference
          : z.union([
              z.instanceof(Secret),
              z
                .string()
                .min(1)
                .transform((key) => new Secret(key)),
            ])
        ).describe('An admin API key, always as a reference (${env:NAME} or ${file:PATH}); never inline.'),
        webhookBaseUrl: value(phase, url)
          .optional()
          .describe('Public base URL Event Grid uses to reach the server, when it differs from `url`.'),
      }),
      azure: z
        .strictObject({
          endpoint: value(phase, url).optional().describe('ARM endpoint; omitted: the cloud’s default.'),
          cloud: z.enum(['AzurePublicCloud', 'AzureChinaCloud', 'AzureUSGovernment']).default('AzurePublicCloud'),
          credential: z
            .enum(['default', 'workload-identity', 'managed-identity', 'azure-cli', 'environment'])
            .default('default')
            .describe('How to authenticate to Azure; default: DefaultAzureCredential.'),
          subscriptionId: value(phase, z.guid({ error: 'must be an Azure subscription id (a UUID)' }))
            .optional()
            .describe('Default subscription for registries that do not name one.'),
          names: names.default({
            token: 'docker-scout-readonly-token',
            systemTopic: 'docker-scout-repository',
            eventSubscription: 'image-change',
            scopeMap: 'scout-acr-read',
          }),
          password: password.default({ expiresInDays: 90, rotateBeforeDays: 14 }),
          tokenScope: tokenScope.default('read-only'),
          deletionPolicy: z.enum(['delete', 'orphan']).default('delete'),
        })
        .default({
          cloud: 'AzurePublicCloud',
          credential: 'default',
          names: {
            token: 'docker-scout-readonly-token',
            systemTopic: 'docker-scout-repository',
            eventSubscription: 'image-change',
            scopeMap: 'scout-acr-read',
          },
          password: { expiresInDays: 90, rotateBeforeDays: 14 },
          tokenScope: 'read-only',
          deletionPolicy: 'delete',
        }),
      registries: z.array(registry).describe('The registries scout-acr manages.'),
    })
    .describe('scout-acr configuration (scout-acr.yaml)');
}

export const RawConfigSchema = configSchema('raw');
export const ResolvedConfigSchema = configSchema('resolved');
/** The config as the reconciler uses it: references resolved, defaults applied. */
export type Config = z.output<typeof ResolvedConfigSchema>;
export type RegistryConfig = Config['registries'][number];
