/**
 * Our analysis of a pushed image, on the server's own path minus the job queue: the image is resolved through the
 * SDK's RegistryClient, each layer blob is streamed from the registry through `catalogLayer` (never a whole layer
 * in memory) and the inventories are merged base-first by `mergeLayerInventories`. An optional cache keyed by
 * blob digest plays the server's layer cache (an image sharing layers reads only its new ones).
 */
import { readFileSync } from 'node:fs';
import { Secret } from '@scout-acr/sdk';
import { RegistryClient } from '@scout-acr/sdk/registry';
import {
  catalogLayer,
  ImageBudget,
  type ImageInventory,
  type LayerInventory,
  mergeLayerInventories,
} from '../../../../packages/server/src/analysis/index.js';
import type { TestRegistry } from '../../../harness/registry/index.js';

/** A RegistryClient on a test registry with the harness push identity (which may also pull). */
export function registryClientFor(registry: TestRegistry): RegistryClient {
  return new RegistryClient({
    loginServer: registry.loginServer,
    credentials: {
      username: registry.pushCredentials.username,
      password: new Secret(registry.pushCredentials.password),
    },
    tlsCa: readFileSync(registry.caCertPath),
  });
}

export interface PushedAnalysis {
  inventory: ImageInventory;
  layersRead: number;
  layersCached: number;
}

/** Inventories `repository:reference` from the registry; `cache` (blob digest → inventory) is read and filled. */
export async function analyzePushedImage(
  client: RegistryClient,
  repository: string,
  reference: string,
  cache: Map<string, LayerInventory> = new Map(),
): Promise<PushedAnalysis> {
  const image = await client.getImage(repository, reference);
  const budget = new ImageBudget();
  const layers: LayerInventory[] = [];
  let layersRead = 0;
  for (const layer of image.manifest.layers) {
    const cached = cache.get(layer.digest);
    if (cached) {
      layers.push(cached);
      continue;
    }
    const stream = await client.getBlob(repository, layer.digest, { size: layer.size });
    // As the server's analyzer does: getBlob's stream is digest-verified, so the scan need not hash it again.
    const { inventory } = await catalogLayer(stream, {
      mediaType: layer.mediaType,
      budget,
      expectedDigest: layer.digest,
      sourceVerifiesDigest: true,
    });
    cache.set(layer.digest, inventory);
    layers.push(inventory);
    layersRead++;
  }
  return {
    inventory: mergeLayerInventories(layers),
    layersRead,
    layersCached: image.manifest.layers.length - layersRead,
  };
}
