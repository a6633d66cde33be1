import { describe, expect, it } from 'vitest';
import { observe } from '../../src/state/index.js';
import { fakes } from '../apply/fakes.js';
import { ADDRESS, converged, desired } from '../plan/world.js';

/** Fakes whose Azure observation names the registry, then holds its per-registry lists until `release()`. */
function heldAzure() {
  const f = fakes();
  const log: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { integration: _i, inventory: _v, address: _a, ...azure } = converged();
  f.azure.observe = async (targets, onRegistry) => {
    for (const t of targets) if (azure.registry) onRegistry?.(t.address, azure.registry);
    log.push('azure: group lists done');
    await held;
    log.push('azure: per-registry lists done');
    return new Map(targets.map((t) => [t.address, azure]));
  };
  const listRepositories = f.server.listRepositories;
  f.server.listRepositories = async (id) => {
    log.push(`server: repositories of ${id}`);
    release();
    return [{ name: 'app/web', active: true }, ...(await listRepositories(id))];
  };
  return { ...f, log };
}

describe('observe', () => {
  it('reads a registry’s repositories on the server while Azure’s per-registry lists are still going', async () => {
    const f = heldAzure();
    const { observed } = await observe({ registries: [desired()] }, f);
    expect(f.log).toEqual([
      'azure: group lists done',
      'server: repositories of int_1',
      'azure: per-registry lists done',
    ]);
    expect(observed.registries[ADDRESS]?.integration).toMatchObject({
      id: 'int_1',
      repositories: [{ name: 'app/web', active: true }],
    });
  });

  it('fails when the integration list fails, even with no registry found in Azure', async () => {
    const f = fakes();
    f.azure.observe = async () => new Map();
    f.server.listIntegrations = async () => {
      throw new Error('server unavailable');
    };
    await expect(observe({ registries: [desired()] }, f)).rejects.toThrow('server unavailable');
  });

  it('fails when a repository list fails', async () => {
    const f = heldAzure();
    f.server.listRepositories = async () => {
      throw new Error('repositories unavailable');
    };
    const { integration: _i, inventory: _v, address: _a, ...azure } = converged();
    f.azure.observe = async (targets, onRegistry) => {
      for (const t of targets) if (azure.registry) onRegistry?.(t.address, azure.registry);
      return new Map(targets.map((t) => [t.address, azure]));
    };
    await expect(observe({ registries: [desired()] }, f)).rejects.toThrow('repositories unavailable');
  });
});
