import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// shared/ sits beside the repository (CI clones it there too), so resolve from the repo root, never absolutely.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const examples = resolve(
  repoRoot,
  '../shared/fixtures/azure/specification/eventgrid/data-plane/Microsoft.ContainerRegistry/stable/2018-01-01/examples',
);

export const sampleNames = ['image_pushed', 'image_deleted', 'chart_pushed', 'chart_deleted'] as const;
export type SampleName = (typeof sampleNames)[number];

/** One official Event Grid schema sample event (a single object, as in the spec's examples folder). */
export function eventGridSample(name: SampleName): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(examples, 'event-grid-schema', `${name}.json`), 'utf8'));
}

/** One official CloudEvents schema sample event. */
export function cloudEventSample(name: SampleName): Record<string, unknown> {
  return JSON.parse(readFileSync(resolve(examples, 'cloud-events-schema', `${name}.json`), 'utf8'));
}

/** A sample as a freely mutable JSON tree, for tests that break one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into and mutate arbitrary JSON
export type LooseJson = Record<string, any>;
