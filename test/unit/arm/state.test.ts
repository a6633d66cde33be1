/** The emulator's pure state transitions: no HTTP, just the model and the rules Azure enforces. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../harness/arm/errors/arm-error.js';
import {
  eventSubscriptionsForRegistry,
  finishEventSubscriptionChange,
  fullEndpointUrl,
  getEventSubscription,
  patchEventSubscription,
  putEventSubscription,
  renderEventSubscription,
} from '../../harness/arm/state/event-subscriptions.js';
import { ArmModel } from '../../harness/arm/state/model.js';
import { createRegistry } from '../../harness/arm/state/registries.js';
import { beginDeleteScopeMap, listScopeMaps, putScopeMap } from '../../harness/arm/state/scope-maps.js';
import { finishDeleteSystemTopic, putSystemTopic } from '../../harness/arm/state/system-topics.js';
import {
  authenticateToken,
  checkGenerateCredentials,
  generateCredentials,
  patchToken,
  putToken,
  renderToken,
} from '../../harness/arm/state/tokens.js';

const LOGIN = 'reg.example:5000';

function armError(fn: () => unknown): ArmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ArmError) return error;
    throw error;
  }
  throw new Error('expected an ArmError');
}

describe('ARM state model', () => {
  let model: ArmModel;
  let registryId: string;
  const reg = { resourceGroup: 'rg', registry: 'myregistry' };
  const pullMeta = () => `${registryId}/scopeMaps/_repositories_pull_metadata_read`;

  beforeEach(() => {
    model = new ArmModel('sub-1');
    registryId = createRegistry(model, { resourceGroup: 'rg', name: 'myregistry', loginServer: LOGIN }).id;
  });

  describe('scope maps', () => {
    it('seeds the five system-defined scope maps on every registry', () => {
      const maps = listScopeMaps(model, 'rg', 'myregistry');
      expect(maps.map((m) => m.name)).toHaveLength(5);
      expect(maps.every((m) => m.type === 'SystemDefined')).toBe(true);
      expect(maps.find((m) => m.name === '_repositories_push')?.actions).toEqual([
        'repositories/*/content/read',
        'repositories/*/content/write',
      ]);
    });

    it('refuses to change or delete built-ins, and to delete a scope map a token uses', () => {
      expect(
        armError(() =>
          putScopeMap(model, { ...reg, name: '_repositories_admin' }, { properties: { actions: ['x'] } }, 'Succeeded'),
        ).code,
      ).toBe('InvalidRequest');
      putScopeMap(
        model,
        { ...reg, name: 'custom-map' },
        { properties: { actions: ['repositories/a/content/read'] } },
        'Succeeded',
      );
      putToken(
        model,
        { ...reg, name: 'user-token' },
        { properties: { scopeMapId: `${registryId}/scopeMaps/custom-map` } },
        'Succeeded',
      );
      expect(armError(() => beginDeleteScopeMap(model, { ...reg, name: 'custom-map' })).message).toContain(
        "'user-token'",
      );
      expect(beginDeleteScopeMap(model, { ...reg, name: 'never-there' })).toBeUndefined();
    });

    it('requires a non-empty actions array', () => {
      expect(
        armError(() => putScopeMap(model, { ...reg, name: 'empty-map' }, { properties: { actions: [] } }, 'Succeeded'))
          .status,
      ).toBe(400);
    });
  });

  describe('tokens and passwords', () => {
    it('enforces the token name rule and an existing scope map of the same registry', () => {
      expect(
        armError(() =>
          putToken(model, { ...reg, name: 'has_underscore' }, { properties: { scopeMapId: pullMeta() } }, 'Succeeded'),
        ).code,
      ).toBe('InvalidResourceName');
      expect(
        armError(() =>
          putToken(model, { ...reg, name: 'abcd' }, { properties: { scopeMapId: pullMeta() } }, 'Succeeded'),
        ).status,
      ).toBe(400);
      const other = createRegistry(model, { resourceGroup: 'rg', name: 'otherregistry' });
      const foreign = `${other.id}/scopeMaps/_repositories_pull`;
      expect(
        armError(() =>
          putToken(model, { ...reg, name: 'token-one' }, { properties: { scopeMapId: foreign } }, 'Succeeded'),
        ).target,
      ).toBe('scopeMapId');
    });

    it('generates strong random passwords, stores only hashes, and authenticates with scope-map actions', () => {
      const { record } = putToken(
        model,
        { ...reg, name: 'token-one' },
        { properties: { scopeMapId: pullMeta() } },
        'Succeeded',
      );
      const checked = checkGenerateCredentials(model, 'rg', 'myregistry', { tokenId: record.id });
      const result = generateCredentials(model, checked.token, checked.names, checked.expiry);
      const [p1, p2] = result.passwords.map((p) => p.value);
      expect(p1).not.toBe(p2);
      expect(p1!.length).toBeGreaterThanOrEqual(40);
      expect(JSON.stringify(renderToken(record))).not.toContain(p1);
      expect(record.passwords.every((p) => Buffer.isBuffer(p.hash) && !('value' in p))).toBe(true);
      expect(
        authenticateToken(model, { loginServer: LOGIN.toUpperCase(), tokenName: 'token-one', password: p2! }),
      ).toEqual({
        ok: true,
        tokenName: 'token-one',
        registryId,
        actions: ['repositories/*/content/read', 'repositories/*/metadata/read'],
      });
    });

    it('rotates one password while the other keeps working, and expires passwords', () => {
      const { record } = putToken(
        model,
        { ...reg, name: 'token-one' },
        { properties: { scopeMapId: pullMeta() } },
        'Succeeded',
      );
      const first = generateCredentials(model, record, ['password1'], undefined).passwords[0]!.value;
      const expiry = new Date(Date.now() + 60_000).toISOString();
      const second = generateCredentials(model, record, ['password2'], expiry).passwords[0]!.value;
      const auth = (password: string, now?: Date) =>
        authenticateToken(model, { loginServer: LOGIN, tokenName: 'token-one', password, ...(now ? { now } : {}) });
      expect(auth(first).ok).toBe(true);
      expect(auth(second).ok).toBe(true);
      expect(auth(second, new Date(Date.now() + 120_000))).toEqual({ ok: false, reason: 'expired' });
      const regenerated = generateCredentials(model, record, ['password1'], undefined).passwords[0]!.value;
      expect(auth(first)).toEqual({ ok: false, reason: 'wrong-password' });
      expect(auth(regenerated).ok).toBe(true);
    });

    it('reports disabled tokens, unknown tokens and unknown registries', () => {
      const { record } = putToken(
        model,
        { ...reg, name: 'token-one' },
        { properties: { scopeMapId: pullMeta() } },
        'Succeeded',
      );
      const value = generateCredentials(model, record, ['password1'], undefined).passwords[0]!.value;
      patchToken(model, { ...reg, name: 'token-one' }, { properties: { status: 'disabled' } }, 'Succeeded');
      expect(authenticateToken(model, { loginServer: LOGIN, tokenName: 'token-one', password: value })).toEqual({
        ok: false,
        reason: 'disabled',
      });
      expect(authenticateToken(model, { loginServer: LOGIN, tokenName: 'token-two', password: value })).toEqual({
        ok: false,
        reason: 'no-token',
      });
      expect(authenticateToken(model, { loginServer: 'nope:1', tokenName: 'token-one', password: value })).toEqual({
        ok: false,
        reason: 'no-registry',
      });
    });

    it('drops passwords a PATCH does not list (how ACR deletes a password)', () => {
      const { record } = putToken(
        model,
        { ...reg, name: 'token-one' },
        { properties: { scopeMapId: pullMeta() } },
        'Succeeded',
      );
      generateCredentials(model, record, ['password1', 'password2'], undefined);
      patchToken(
        model,
        { ...reg, name: 'token-one' },
        { properties: { credentials: { passwords: [{ name: 'password2' }] } } },
        'Succeeded',
      );
      expect(record.passwords.map((p) => p.name)).toEqual(['password2']);
    });

    it('rejects generateCredentials for tokens of other registries and bad password names', () => {
      expect(
        armError(() => checkGenerateCredentials(model, 'rg', 'myregistry', { tokenId: '/not/a/token' })).target,
      ).toBe('tokenId');
      putToken(model, { ...reg, name: 'token-one' }, { properties: { scopeMapId: pullMeta() } }, 'Succeeded');
      expect(
        armError(() =>
          checkGenerateCredentials(model, 'rg', 'myregistry', {
            tokenId: `${registryId}/tokens/token-one`,
            name: 'password3',
          }),
        ).target,
      ).toBe('name');
    });
  });

  describe('system topics and event subscriptions', () => {
    const topicBody = () => ({
      location: 'westus',
      properties: { source: registryId, topicType: 'Microsoft.ContainerRegistry.Registries' },
    });
    const subBody = (endpointUrl: string) => ({
      properties: { destination: { endpointType: 'WebHook', properties: { endpointUrl } } },
    });
    const ref = { resourceGroup: 'rg', topic: 'topic-one', name: 'sub-one' };

    beforeEach(() => {
      putSystemTopic(model, { resourceGroup: 'rg', name: 'topic-one' }, topicBody(), 'Succeeded');
    });

    it('allows one system topic per source', () => {
      const error = armError(() =>
        putSystemTopic(model, { resourceGroup: 'rg', name: 'topic-two' }, topicBody(), 'Succeeded'),
      );
      expect([error.status, error.code]).toEqual([400, 'InvalidRequest']);
      expect(error.message).toBe(
        `There is an existing tracked system topic for the given source ${registryId}. Only one system topic is allowed per source.`,
      );
    });

    it('applies Azure defaults and hides the endpoint URL in rendered views', () => {
      const { record, created, handshake } = putEventSubscription(
        model,
        ref,
        subBody('https://hook.example/x?code=secret'),
      );
      expect(created).toBe(true);
      expect(handshake).toEqual({ endpointUrl: 'https://hook.example/x?code=secret', schema: 'EventGridSchema' });
      expect(renderEventSubscription(record)).toMatchObject({
        properties: {
          provisioningState: 'Creating',
          retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
          destination: {
            properties: {
              endpointBaseUrl: 'https://hook.example/x',
              maxEventsPerBatch: 1,
              preferredBatchSizeInKilobytes: 64,
            },
          },
        },
      });
      expect(JSON.stringify(renderEventSubscription(record))).not.toContain('code=secret');
      // Pending subscriptions receive no events until validated.
      expect(eventSubscriptionsForRegistry(model, registryId)).toEqual([]);
      finishEventSubscriptionChange(model, record, true);
      expect(eventSubscriptionsForRegistry(model, registryId)[0]?.properties).toMatchObject({
        destination: { properties: { endpointUrl: 'https://hook.example/x?code=secret' } },
      });
    });

    it('removes a subscription whose creation failed validation', () => {
      const { record } = putEventSubscription(model, ref, subBody('https://hook.example/x'));
      finishEventSubscriptionChange(model, record, false);
      expect(armError(() => getEventSubscription(model, ref)).code).toBe('ResourceNotFound');
    });

    it('keeps the old destination when an update fails validation, and asks for a handshake only on URL change', () => {
      const { record } = putEventSubscription(model, ref, subBody('https://hook.example/a'));
      finishEventSubscriptionChange(model, record, true);
      expect(patchEventSubscription(model, ref, { labels: ['x'] }).handshake).toBeUndefined();
      finishEventSubscriptionChange(model, record, true);
      const change = patchEventSubscription(model, ref, {
        destination: { endpointType: 'WebHook', properties: { endpointUrl: 'https://hook.example/b' } },
      });
      expect(change.handshake?.endpointUrl).toBe('https://hook.example/b');
      expect(armError(() => patchEventSubscription(model, ref, { labels: [] })).status).toBe(409);
      finishEventSubscriptionChange(model, record, false);
      expect(fullEndpointUrl(model, ref).endpointUrl).toBe('https://hook.example/a');
      expect(record.properties.labels).toEqual(['x']);
    });

    it('deletes subscriptions with their topic', () => {
      const { record } = putEventSubscription(model, ref, subBody('https://hook.example/a'));
      finishEventSubscriptionChange(model, record, true);
      finishDeleteSystemTopic(model, model.systemTopics.values().next().value!);
      expect(model.eventSubscriptions.size).toBe(0);
    });
  });
});
