import { describe, expect, it } from 'vitest';
import { computePlan, planAdoption } from '../../src/plan/index.js';
import { ADDRESS, converged, desired, empty, ids, NOW } from './world.js';

/** What Docker's ARM template left behind: token, topic and subscription, none of them known to scout-acr. */
function dockerTemplate() {
  const registry = converged();
  registry.integration = undefined;
  registry.inventory = undefined;
  (registry.eventSubscriptions[0] as { endpointBaseUrl: string }).endpointBaseUrl =
    'https://api.scout.docker.com/v1/acr/webhook';
  return registry;
}

describe('planAdoption', () => {
  it("adopts Docker's token and subscription, and reuses (never owns) the topic", () => {
    const adoption = planAdoption(desired(), dockerTemplate());
    expect(adoption.adopted.map((a) => a.kind)).toEqual(['token', 'systemTopic', 'eventSubscription']);
    expect(adoption.inventory).toMatchObject({
      tokenId: ids.token,
      eventSubscriptionId: ids.subscription,
      adopted: [ids.token, ids.topic, ids.subscription],
    });
    expect(adoption.inventory?.systemTopicId).toBeUndefined();
  });

  it('the next plan hands a password to the server and points the subscription at it', () => {
    const registry = dockerTemplate();
    registry.inventory = planAdoption(desired(), registry).inventory;
    registry.integration = {
      ...(converged().integration as NonNullable<ReturnType<typeof converged>['integration']>),
      id: 'int_new',
    };
    registry.integration.repositories = [];
    const plan = computePlan(
      { registries: [desired()] },
      { registries: { [ADDRESS]: registry }, managedElsewhere: [], observedAt: NOW.toISOString() },
    );
    const kinds = plan.registries[0]?.actions.map((a) => `${a.kind} ${a.resource}`);
    expect(kinds).toContain('rotate password');
    expect(plan.registries[0]?.actions.find((a) => a.resource === 'eventSubscription')?.changes[0]).toMatchObject({
      field: 'endpointUrl',
      before: 'https://api.scout.docker.com/v1/acr/webhook',
    });
  });

  it('adopts nothing when scout-acr already manages the registry or nothing is there', () => {
    expect(planAdoption(desired(), converged()).inventory).toBeUndefined();
    expect(planAdoption(desired(), empty()).reason).toMatch(/no docker-scout-readonly-token token/);
  });
});
