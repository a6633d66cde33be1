/** Public types of the ARM emulator (the shared contract other harness parts code against). */

export interface ArmEmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (random). */
  port?: number;
  /** Default '11111111-2222-3333-4444-555555555555'. */
  subscriptionId?: string;
  /**
   * Long-running operation pacing. `pollsBeforeDone`: status polls answered "in progress" before the
   * operation completes (default 1); `retryAfterSeconds`: the `Retry-After` sent with LRO responses
   * (default 0); `synchronous`: answer every operation that Azure may complete synchronously with its
   * synchronous status (200/204) instead of an LRO (default false).
   */
  lro?: { pollsBeforeDone?: number; retryAfterSeconds?: number; synchronous?: boolean };
  /** Default `process.env.SCOUT_ACR_ARM_RECORD_DIR`; appends one JSONL line per exchange. */
  recordDir?: string;
  /** Added to every ARM call (benchmarks). */
  latencyMs?: number;
  /** How long the Event Grid validation handshake waits for the webhook (Azure: 30 s). Default 30 000. */
  handshakeTimeoutMs?: number;
  /** Extra CA certificates (PEM) the handshake client trusts besides the system roots and the test CA. */
  handshakeCa?: string[];
  /** Default Azure location for seeded resources. Default 'westus'. */
  location?: string;
}

export interface ArmEmulator {
  /** 'https://127.0.0.1:PORT' (HTTPS, certificate issued by the test CA). */
  url: string;
  ca: { certPem: string; certPath: string };
  subscriptionId: string;
  /** In-process access to the stateful model. */
  state: ArmState;
  /** Every exchange in order (control routes excluded). */
  requests: RecordedExchange[];
  faults: FaultInjector;
  resetRequests(): void;
  close(): Promise<void>;
}

export interface RecordedExchange {
  /** Swagger operationId, e.g. 'Tokens_Create'; undefined for LRO status polls and unknown routes. */
  operationId: string | undefined;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  response: { statusCode: number; headers: Record<string, string>; body: unknown };
  startedAt: number;
  durationMs: number;
  /** Set when the response was produced (or the connection dropped, statusCode 0) by fault injection. */
  fault?: 'throttle' | 'error' | 'drop';
}

export type AuthenticateTokenResult =
  | { ok: true; tokenName: string; registryId: string; actions: string[] }
  | { ok: false; reason: 'no-registry' | 'no-token' | 'disabled' | 'wrong-password' | 'expired' };

export interface EventSubscriptionView {
  id: string;
  name: string;
  topicId: string;
  /** Full ARM properties, including destination.properties.endpointUrl (the full URL). */
  properties: Record<string, unknown>;
}

export interface ArmState {
  ensureResourceGroup(name: string, location?: string): void;
  /** loginServer default `${name}.azurecr.io`; the test world uses '127.0.0.1:PORT'. */
  createRegistry(input: {
    resourceGroup: string;
    name: string;
    loginServer?: string;
    location?: string;
  }): RegistryRecord;
  findRegistryByLoginServer(loginServer: string): RegistryRecord | undefined;
  authenticateToken(input: {
    loginServer: string;
    tokenName: string;
    password: string;
    now?: Date;
  }): AuthenticateTokenResult;
  eventSubscriptionsForRegistry(registryId: string): EventSubscriptionView[];
  /**
   * Every generated token password and every full webhook URL the emulator has seen (in memory only; never in
   * recordings), for tests that check no output of a run leaked one.
   */
  secretsSeen(): { passwords: string[]; webhookUrls: string[] };
}

export interface RegistryRecord {
  id: string;
  name: string;
  resourceGroup: string;
  loginServer: string;
  location: string;
}

export type FaultKind = 'throttle' | 'error' | 'drop' | 'latency';

export interface FaultRule {
  match?: { method?: string; operationId?: string; pathIncludes?: string };
  kind: FaultKind;
  /** Status for 'error' (default 500) or 'throttle' (default 429). */
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** How many matching requests the rule applies to; unlimited when absent. */
  times?: number;
}

export interface FaultInjector {
  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void;
  /** Injects faults into a `rate` fraction of requests, reproducibly for a given `seed`. */
  random(options: {
    seed: number;
    rate: number;
    kinds?: Array<'throttle' | 'error' | 'drop'>;
    /** `Retry-After` of injected 429s. Default 1. */
    retryAfterSeconds?: number;
  }): void;
  clear(): void;
}
