import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's location (test/harness/fidelity/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Root of the official Azure fixtures. CI clones the repository with `shared/` beside it, so the path is
 * computed from the repository root (`../shared/...`), never hard-coded.
 */
export const azureFixturesRoot = resolve(repoRoot, '..', 'shared', 'fixtures', 'azure');

/** One swagger the emulator is held to, with the api-version it pins. */
export interface SwaggerFile {
  /** Provider namespace, e.g. `Microsoft.ContainerRegistry`. */
  provider: string;
  apiVersion: string;
  /** Absolute path of the swagger JSON. */
  path: string;
}

/**
 * The two swaggers scout-acr talks to. Only these are loaded (not the whole specification tree) so the
 * validator starts in about a second; their `$ref`s into common-types resolve relative to them.
 */
export const swaggerFiles: readonly SwaggerFile[] = [
  {
    provider: 'Microsoft.ContainerRegistry',
    apiVersion: '2025-11-01',
    path: join(
      azureFixturesRoot,
      'specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/Registry/stable/2025-11-01/containerregistry.json',
    ),
  },
  {
    provider: 'Microsoft.EventGrid',
    apiVersion: '2025-02-15',
    path: join(
      azureFixturesRoot,
      'specification/eventgrid/resource-manager/Microsoft.EventGrid/EventGrid/stable/2025-02-15/EventGrid.json',
    ),
  },
];

/** Lists the swagger files that are missing, so a broken checkout fails with a clear message. */
export function missingSwaggerFiles(): string[] {
  return swaggerFiles.filter((file) => !existsSync(file.path)).map((file) => file.path);
}
