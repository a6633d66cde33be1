import { describe, expect, it } from 'vitest';
import { assertPlanIsSafe, computePlan, hasChanges, renderPlanText, UnsafePlanError } from '../../src/plan/index.js';
import type { ObservedRegistry, ObservedState } from '../../src/state/index.js';
import { ADDRESS, converged, desired, empty, ids, NOW } from './world.js';

const observe = (registry: ObservedRegistry, managedElsewhere: ObservedRegistry[] = []): ObservedState => ({
  registries: { [ADDRESS]: registry },
  managedElsewhere,
  observedAt: NOW.toISOString(),
});
const kinds = (plan: ReturnType<typeof computePlan>) =>
  plan.registries.flatMap((r) => r.actions.map((a) => `${a.kind} ${a.resource}`));

describe('computePlan: provisioning', () => {
  it('plans every resource, in DESIGN.md §3 order, from scratch', () => {
    const plan = computePlan({ registries: [desired()] }, observe(empty()));
    expect(kinds(plan)).toEqual([
      'create token',
      'create password',
      'create integration',
      'create systemTopic',
      'create eventSubscription',
      'activate repository',
    ]);
    const activation = plan.registries[0]?.actions.at(-1);
    expect(activation?.spec).toEqual({ resource: 'repository', names: [], patterns: ['app/*'] });
    expect(plan.summary).toEqual({ add: 6, change: 0, destroy: 0 });
  });

  it('a converged registry plans nothing', () => {
    const plan = computePlan({ registries: [desired()] }, observe(converged()));
    expect(kinds(plan)).toEqual([]);
    expect(hasChanges(plan)).toBe(false);
    expect(renderPlanText(plan)).toContain('No changes.');
  });

  it('adds a least-privilege scope map before the token when asked', () => {
    const plan = computePlan({ registries: [desired({ tokenScope: 'repositories' })] }, observe(converged()));
    expect(kinds(plan)).toEqual(['create scopeMap', 'update token']);
    expect(plan.registries[0]?.actions[0]?.spec).toEqual({
      resource: 'scopeMap',
      name: 'scout-acr-read',
      actions: [
        'repositories/app/api/content/read',
        'repositories/app/api/metadata/read',
        'repositories/app/web/content/read',
        'repositories/app/web/metadata/read',
      ],
    });
    expect(plan.registries[0]?.actions[1]?.changes).toEqual([
      { field: 'scopeMap', before: '_repositories_pull_metadata_read', after: 'scout-acr-read' },
    ]);
  });

  it('reuses a pre-existing system topic with another name', () => {
    const observed = empty();
    observed.systemTopic = { id: '/x/systemTopics/legacy', name: 'legacy', source: ids.registry };
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    expect(kinds(plan)).not.toContain('create systemTopic');
    const sub = plan.registries[0]?.actions.find((a) => a.resource === 'eventSubscription');
    expect(sub?.spec).toEqual({ resource: 'eventSubscription', topicName: 'legacy', name: 'image-change' });
  });

  it('picks another topic name when the resource group already has one by that name for another registry', () => {
    const observed = { ...empty(), topicNamesTaken: ['docker-scout-repository'] };
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    const topic = plan.registries[0]?.actions.find((a) => a.resource === 'systemTopic');
    expect(topic?.spec).toEqual({ resource: 'systemTopic', name: 'docker-scout-repository-contoso' });
  });

  it('refuses to take over a token scout-acr did not create', () => {
    const observed = converged();
    if (observed.inventory) observed.inventory.tokenId = undefined;
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    expect(plan.registries[0]?.status).toBe('error');
    expect(plan.registries[0]?.error).toMatch(/scout-acr import/);
  });

  it('reports a registry that does not exist as an error, not as something to create', () => {
    const plan = computePlan({ registries: [desired()] }, observe({ ...empty(), registry: undefined }));
    expect(plan.registries[0]).toMatchObject({ status: 'error', actions: [] });
    expect(plan.registries[0]?.error).toMatch(/not found/);
  });

  it('skips a suspended registry', () => {
    const plan = computePlan({ registries: [desired({ suspend: true })] }, observe(empty()));
    expect(plan.registries[0]).toMatchObject({ status: 'suspended', actions: [] });
  });
});

describe('computePlan: drift', () => {
  it('activates added repositories and deactivates removed ones', () => {
    const observed = converged();
    const plan = computePlan(
      { registries: [desired({ repositories: { include: ['app/api', 'infra/*'], exclude: [] } })] },
      observe(observed),
    );
    expect(plan.registries[0]?.actions.map((a) => [a.kind, a.spec])).toEqual([
      ['activate', { resource: 'repository', names: ['infra/db'], patterns: [] }],
      ['deactivate', { resource: 'repository', names: ['app/web'], patterns: [] }],
    ]);
    expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 1 });
  });

  it('re-enables a disabled token', () => {
    const observed = converged();
    (observed.tokens[0] as { status: string }).status = 'disabled';
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    expect(plan.registries[0]?.actions[0]).toMatchObject({
      kind: 'update',
      resource: 'token',
      changes: [{ field: 'status', before: 'disabled', after: 'enabled' }],
    });
  });

  it('updates the subscription when the webhook moved or its secret was rotated', () => {
    const moved = converged();
    (moved.integration as { webhookBaseUrl: string }).webhookBaseUrl =
      'https://new.example/v1/webhooks/eventgrid/int_1';
    const a = computePlan({ registries: [desired()] }, observe(moved));
    expect(a.registries[0]?.actions[0]?.changes).toEqual([
      {
        field: 'endpointUrl',
        before: 'https://scout.example/v1/webhooks/eventgrid/int_1',
        after: 'https://new.example/v1/webhooks/eventgrid/int_1',
        sensitive: true,
      },
    ]);
    const rotated = converged();
    (rotated.integration as { webhookFingerprint: string }).webhookFingerprint = 'fp2';
    const b = computePlan({ registries: [desired()] }, observe(rotated));
    expect(b.registries[0]?.actions[0]?.changes).toEqual([{ field: 'endpointUrl', sensitive: true }]);
  });

  it('points the subscription at the public webhook base when the config sets one', () => {
    const plan = computePlan(
      { registries: [desired()], webhookBaseUrl: 'https://public.example/scout/' },
      observe(converged()),
    );
    expect(plan.registries[0]?.actions[0]?.changes[0]).toMatchObject({
      field: 'endpointUrl',
      after: 'https://public.example/scout/v1/webhooks/eventgrid/int_1',
    });
  });

  it('records a changed deletion policy in the inventory', () => {
    const plan = computePlan({ registries: [desired({ deletionPolicy: 'orphan' })] }, observe(converged()));
    expect(plan.registries[0]?.actions).toEqual([
      expect.objectContaining({
        kind: 'update',
        resource: 'inventory',
        changes: [{ field: 'deletionPolicy', before: 'delete', after: 'orphan' }],
      }),
    ]);
  });

  it('restores Docker template settings changed by hand', () => {
    const observed = converged();
    Object.assign(observed.eventSubscriptions[0] as object, {
      maxEventsPerBatch: 10,
      includedEventTypes: ['Microsoft.ContainerRegistry.ImagePushed'],
    });
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    expect(plan.registries[0]?.actions[0]?.changes.map((c) => c.field)).toEqual([
      'filter.includedEventTypes',
      'destination.maxEventsPerBatch',
    ]);
  });
});

describe('computePlan: rotation', () => {
  it('rotates to the other password inside the lead time', () => {
    const plan = computePlan({ registries: [desired()] }, observe(converged('2026-12-05T00:00:00Z')));
    expect(kinds(plan)).toEqual(['rotate password', 'update integration']);
    expect(plan.registries[0]?.actions[0]?.spec).toEqual({
      resource: 'password',
      tokenName: 'docker-scout-readonly-token',
      passwordName: 'password2',
      expiresInDays: 90,
    });
    expect(plan.registries[0]?.actions[0]?.reason).toMatch(/expires in 6 day/);
  });

  it('rotates when the password in use vanished from the token', () => {
    const observed = converged();
    (observed.tokens[0] as { passwords: unknown[] }).passwords = [];
    const plan = computePlan({ registries: [desired()] }, observe(observed));
    expect(plan.registries[0]?.actions[0]).toMatchObject({
      kind: 'rotate',
      reason: 'password1 no longer exists on the token',
    });
  });

  it('does not rotate a healthy password', () => {
    const plan = computePlan({ registries: [desired()] }, observe(converged('2027-01-01T00:00:00Z')));
    expect(kinds(plan)).toEqual([]);
  });
});

describe('computePlan: removal', () => {
  const removedAddress = '11111111-2222-3333-4444-555555555555/rg/fabrikam';
  const removed = (): ObservedRegistry => ({ ...converged(), address: removedAddress });

  it('deletes, in reverse order, only what scout-acr created', () => {
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [removed()]));
    const removal = plan.registries.find((r) => r.address === removedAddress);
    expect(removal?.status).toBe('removing');
    expect(removal?.actions.map((a) => `${a.kind} ${a.resource}`)).toEqual([
      'deactivate repository',
      'delete eventSubscription',
      'delete systemTopic',
      'delete integration',
      'delete token',
    ]);
  });

  it('never deletes a system topic it did not create', () => {
    const registry = removed();
    if (registry.inventory) registry.inventory.systemTopicId = undefined;
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [registry]));
    const removal = plan.registries.find((r) => r.address === removedAddress);
    expect(removal?.actions.map((a) => a.resource)).not.toContain('systemTopic');
  });

  it('keeps a topic that still has other subscriptions', () => {
    const registry = removed();
    registry.eventSubscriptions.push({
      id: `${ids.topic}/eventSubscriptions/other`,
      name: 'other',
      includedEventTypes: [],
    });
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [registry]));
    expect(plan.registries[1]?.actions.map((a) => a.resource)).not.toContain('systemTopic');
  });

  it('still cleans Azure up when the integration is already gone', () => {
    const registry = { ...removed(), integration: undefined };
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [registry]));
    expect(plan.registries[1]?.actions.map((a) => `${a.kind} ${a.resource}`)).toEqual([
      'delete eventSubscription',
      'delete systemTopic',
      'delete token',
    ]);
  });

  it('orphan forgets without deleting', () => {
    const registry = removed();
    if (registry.inventory) registry.inventory.deletionPolicy = 'orphan';
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [registry]));
    expect(plan.registries[1]?.actions.map((a) => a.kind)).toEqual(['forget']);
    expect(plan.summary.destroy).toBe(0);
  });

  it('refuses an empty config that would remove everything, unless allowed', () => {
    const plan = computePlan(
      { registries: [] },
      { registries: {}, managedElsewhere: [removed()], observedAt: NOW.toISOString() },
    );
    expect(() => assertPlanIsSafe(plan, 0)).toThrow(UnsafePlanError);
    expect(() => assertPlanIsSafe(plan, 0, { allowEmpty: true })).not.toThrow();
  });

  it('enforces --max-deletes', () => {
    const plan = computePlan({ registries: [desired()] }, observe(converged(), [removed()]));
    expect(() => assertPlanIsSafe(plan, 1, { maxDeletes: 2 })).toThrow(/deletes 4 resources/);
    expect(() => assertPlanIsSafe(plan, 1, { maxDeletes: 4 })).not.toThrow();
  });
});

describe('plan fingerprint', () => {
  it('changes when the live state moves, not with observation time', () => {
    const a = computePlan({ registries: [desired()] }, observe(converged()));
    const b = computePlan(
      { registries: [desired()] },
      { ...observe(converged()), observedAt: '2026-11-30T00:00:00Z' },
      NOW,
    );
    expect(a.observedFingerprint).toBe(b.observedFingerprint);
    const moved = converged();
    (moved.tokens[0] as { status: string }).status = 'disabled';
    expect(computePlan({ registries: [desired()] }, observe(moved)).observedFingerprint).not.toBe(
      a.observedFingerprint,
    );
  });
});

describe('renderPlanText', () => {
  it('renders like terraform and never shows sensitive values', () => {
    const text = renderPlanText(computePlan({ registries: [desired()] }, observe(empty())));
    expect(text).toContain(`  # registry["${ADDRESS}"].token["docker-scout-readonly-token"] will be created`);
    expect(text).toContain('  + token {');
    expect(text).toContain('      + value = (sensitive value)');
    expect(text).toContain('      + endpointUrl = (sensitive value)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 6 to add, 0 to change, 0 to destroy.');
  });

  it('colours only when asked', () => {
    const plan = computePlan({ registries: [desired()] }, observe(empty()));
    expect(renderPlanText(plan)).not.toContain('\u001b[');
    expect(renderPlanText(plan, { color: true })).toContain('\u001b[32m');
  });
});
