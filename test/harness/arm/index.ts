/**
 * The ARM emulator: a stateful HTTPS server on loopback that speaks the Azure Resource Manager paths scout-acr
 * uses (Microsoft.ContainerRegistry 2025-11-01, Microsoft.EventGrid 2025-02-15) the way Azure does, so the
 * official `@azure/arm-*` clients work against it unchanged through their `endpoint` option.
 *
 * @example
 * const arm = await startArmEmulator();
 * const reg = arm.state.createRegistry({ resourceGroup: 'rg', name: 'myregistry' });
 * // new ContainerRegistryManagementClient(credential, arm.subscriptionId, { endpoint: arm.url })
 * await arm.close();
 */
import type { AddressInfo } from 'node:net';
import { ensureTestCa, issueServerCert } from '../tls/index.js';
import { Faults } from './faults/injector.js';
import { ManualValidations } from './handshake/manual.js';
import type { EmulatorEnv } from './http/context.js';
import { createArmServer } from './http/server.js';
import { OperationStore } from './lro/operations.js';
import { Recorder } from './recording/recorder.js';
import { EmulatorState } from './state/index.js';
import { ArmModel } from './state/model.js';
import type { ArmEmulator, ArmEmulatorOptions } from './types.js';

export { ArmError } from './errors/arm-error.js';
export { BUILT_IN_SCOPE_MAPS } from './state/scope-maps.js';
export type * from './types.js';

export const DEFAULT_SUBSCRIPTION_ID = '11111111-2222-3333-4444-555555555555';

/** Starts an emulator; `close()` it when done (it stops the server and drops every connection). */
export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const host = options.host ?? '127.0.0.1';
  const subscriptionId = options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID;
  const ca = await ensureTestCa();
  const cert = await issueServerCert(ca, [host]);
  const model = new ArmModel(subscriptionId, options.location ?? 'westus');
  const faults = new Faults();
  let baseUrl = '';
  const env: EmulatorEnv = {
    model,
    ops: new OperationStore(options.lro?.pollsBeforeDone ?? 1),
    manual: new ManualValidations(),
    baseUrl: () => baseUrl,
    lro: { retryAfterSeconds: options.lro?.retryAfterSeconds ?? 0, synchronous: options.lro?.synchronous ?? false },
    handshake: { timeoutMs: options.handshakeTimeoutMs ?? 30_000, ca: [ca.certPem, ...(options.handshakeCa ?? [])] },
  };
  const recordDir = options.recordDir ?? process.env.SCOUT_ACR_ARM_RECORD_DIR;
  const recorder = new Recorder(recordDir && recordDir.length > 0 ? recordDir : undefined, 'emulator');
  const server = createArmServer(cert, { env, faults, recorder, latencyMs: options.latencyMs ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed = false;

  return {
    url: baseUrl,
    ca: { certPem: ca.certPem, certPath: ca.certPath },
    subscriptionId,
    state: new EmulatorState(model),
    requests: recorder.requests,
    faults,
    resetRequests: () => recorder.reset(),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
