import type { Logger } from '@scout-acr/sdk';
import type { SecretBox } from './crypto/index.js';
import type { FindingsService } from './findings/service.js';
import type { Metrics } from './metrics/metrics.js';
import type { ConnectionTester } from './registry/connection-tester.js';
import type { RegistryGatewayFactory } from './registry/gateway.js';
import type { Store } from './store/index.js';

/** Everything a route, the webhook or a job needs: built once at start-up, passed explicitly. */
export interface ServerContext {
  store: Store;
  secrets: SecretBox;
  tester: ConnectionTester;
  gateways: RegistryGatewayFactory;
  logger: Logger;
  metrics: Metrics;
  /** Base URL Event Grid reaches, without a trailing slash (webhook URLs are built from it). */
  publicUrl: string;
  now: () => number;
  /** Vulnerability matching and findings (absent when the server runs without it, e.g. in some unit tests). */
  findings?: FindingsService;
}
