import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
  fromSdkEventSubscription,
  secretsOfSpec,
  toSdkEventSubscription,
  toSdkEventSubscriptionPatch,
} from '../../src/azure/index.js';
import { Secret } from '../../src/secret/index.js';

const templatePath = fileURLToPath(
  new URL('../../../../../shared/reference/docker-scout-acr-arm-template.json', import.meta.url),
);

interface TemplateResource {
  type: string;
  name: string;
  properties: Record<string, unknown>;
}

describe('buildImageChangeSubscription', () => {
  it("matches Docker's ARM template field for field", async () => {
    const template = JSON.parse(await readFile(templatePath, 'utf8')) as { resources: TemplateResource[] };
    const docker = template.resources.find((r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
    const topic = template.resources.find((r) => r.type === 'Microsoft.EventGrid/systemTopics');
    const token = template.resources.find((r) => r.type === 'Microsoft.ContainerRegistry/registries/tokens');
    expect(docker?.name).toContain(`/${DOCKER_SCOUT_NAMES.eventSubscription}'`);
    expect(token?.name).toContain(DOCKER_SCOUT_NAMES.token);
    expect(JSON.stringify(token?.properties)).toContain(DOCKER_SCOUT_NAMES.scopeMap);
    const params = (template as unknown as { parameters: Record<string, { defaultValue?: string }> }).parameters;
    expect(params.systemTopics_dockerScoutRepository?.defaultValue).toBe(DOCKER_SCOUT_NAMES.systemTopic);
    expect(topic).toBeDefined();

    const spec = buildImageChangeSubscription(new Secret('https://scout.example.com/hook?code=abc123secret'));
    const sdk = toSdkEventSubscription(spec);
    const { destination: expectedDestination, ...expectedRest } = (docker as TemplateResource).properties as {
      destination: { endpointType: string; properties: Record<string, unknown> };
    };
    const { endpointUrl: _url, ...expectedDestProps } = expectedDestination.properties;
    const { endpointType, endpointUrl, ...destProps } = sdk.destination as unknown as Record<string, unknown>;
    expect(endpointType).toBe(expectedDestination.endpointType);
    expect(endpointUrl).toBe('https://scout.example.com/hook?code=abc123secret');
    expect(Object.fromEntries(Object.entries(destProps).filter(([, v]) => v !== undefined))).toEqual(expectedDestProps);
    const { destination: _d, ...rest } = sdk;
    expect(rest).toEqual(expectedRest);
  });

  it('lets top-level fields be overridden (e.g. a subject filter)', () => {
    const spec = buildImageChangeSubscription('https://x.example/hook', {
      filter: { includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed'], subjectBeginsWith: 'app:' },
    });
    expect(spec.filter).toEqual({
      includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed'],
      subjectBeginsWith: 'app:',
    });
    expect(spec.retryPolicy).toEqual({ maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
  });
});

describe('event subscription conversion', () => {
  it('serialises Entra auth, delivery attributes, advanced filters, dead-letter and expiry', () => {
    const sdk = toSdkEventSubscription({
      destination: {
        endpointType: 'WebHook',
        endpointUrl: new Secret('https://h.example/e?k=v-secret'),
        azureActiveDirectoryTenantId: 'tenant',
        azureActiveDirectoryApplicationIdOrUri: 'api://scout',
        deliveryAttributeMappings: [
          { type: 'Static', name: 'x-api-key', value: new Secret('static-secret-1') },
          { type: 'Dynamic', name: 'x-subject', sourceField: 'subject' },
        ],
      },
      filter: {
        advancedFilters: [{ operatorType: 'StringIn', key: 'data.target.repository', values: ['app'] }],
        isSubjectCaseSensitive: false,
      },
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        resourceId: '/subscriptions/s/sa',
        blobContainerName: 'dl',
      },
      expirationTimeUtc: '2030-01-01T00:00:00Z',
    });
    expect(sdk.destination).toMatchObject({
      azureActiveDirectoryTenantId: 'tenant',
      deliveryAttributeMappings: [
        { type: 'Static', name: 'x-api-key', value: 'static-secret-1', isSecret: true },
        { type: 'Dynamic', name: 'x-subject', sourceField: 'subject' },
      ],
    });
    expect(sdk.deadLetterDestination).toEqual({
      endpointType: 'StorageBlob',
      resourceId: '/subscriptions/s/sa',
      blobContainerName: 'dl',
    });
    expect(sdk.expirationTimeUtc).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(sdk.filter?.advancedFilters).toHaveLength(1);
  });

  it('a patch carries only the given fields', () => {
    expect(toSdkEventSubscriptionPatch({ labels: ['a'] })).toEqual({ labels: ['a'] });
  });

  it('reads back without the full URL and wraps secret attribute values', () => {
    const info = fromSdkEventSubscription({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventGrid/systemTopics/t/eventSubscriptions/e',
      name: 'e',
      destination: {
        endpointType: 'WebHook',
        endpointUrl: 'https://h.example/e?k=leaked',
        endpointBaseUrl: 'https://h.example/e',
        deliveryAttributeMappings: [{ type: 'Static', name: 'k', value: 'shh-secret', isSecret: true }],
      } as never,
      filter: { includedEventTypes: ['a'] },
    });
    expect(JSON.stringify(info)).not.toContain('leaked');
    expect(JSON.stringify(info)).not.toContain('shh-secret');
    expect(info.destination).toMatchObject({ endpointType: 'WebHook', endpointBaseUrl: 'https://h.example/e' });
  });

  it('lists every secret fragment of a spec for redaction', () => {
    const secrets = secretsOfSpec(
      buildImageChangeSubscription(
        new Secret('https://h.example/api/webhooks/abcdefghijklmnopqrstuvwxyz?code=q-secret'),
      ),
    );
    expect(secrets).toContain('q-secret');
    expect(secrets).toContain('abcdefghijklmnopqrstuvwxyz');
    expect(secrets[0]).toBe('https://h.example/api/webhooks/abcdefghijklmnopqrstuvwxyz?code=q-secret');
  });
});
