/** The in-process `ArmState` facade over the model (the contract other harness parts use). */
import type { ArmState, AuthenticateTokenResult, EventSubscriptionView, RegistryRecord } from '../types.js';
import { eventSubscriptionsForRegistry } from './event-subscriptions.js';
import type { ArmModel } from './model.js';
import type { RegistryRow } from './records.js';
import { createRegistry, ensureResourceGroup, findRegistryByLoginServer } from './registries.js';
import { authenticateToken } from './tokens.js';

function toRecord(row: RegistryRow): RegistryRecord {
  return {
    id: row.id,
    name: row.name,
    resourceGroup: row.resourceGroup,
    loginServer: row.loginServer,
    location: row.location,
  };
}

export class EmulatorState implements ArmState {
  readonly #model: ArmModel;

  constructor(model: ArmModel) {
    this.#model = model;
  }

  ensureResourceGroup(name: string, location?: string): void {
    ensureResourceGroup(this.#model, name, location);
  }

  createRegistry(input: {
    resourceGroup: string;
    name: string;
    loginServer?: string;
    location?: string;
  }): RegistryRecord {
    return toRecord(createRegistry(this.#model, input));
  }

  findRegistryByLoginServer(loginServer: string): RegistryRecord | undefined {
    const row = findRegistryByLoginServer(this.#model, loginServer);
    return row ? toRecord(row) : undefined;
  }

  authenticateToken(input: {
    loginServer: string;
    tokenName: string;
    password: string;
    now?: Date;
  }): AuthenticateTokenResult {
    return authenticateToken(this.#model, input);
  }

  eventSubscriptionsForRegistry(registryId: string): EventSubscriptionView[] {
    return eventSubscriptionsForRegistry(this.#model, registryId);
  }

  secretsSeen(): { passwords: string[]; webhookUrls: string[] } {
    return {
      passwords: [...this.#model.secretsSeen.passwords],
      webhookUrls: [...this.#model.secretsSeen.webhookUrls],
    };
  }
}
