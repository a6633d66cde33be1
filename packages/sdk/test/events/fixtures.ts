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

/**
 * One broken field each, applied to the image_pushed sample: name, mutation, and the path the error must name.
 * Shared by the parser tests and the fast-path agreement tests.
 */
export const invalidEventCases: Array<[string, (event: LooseJson) => unknown, string]> = [
  ['missing digest', (e) => delete e.data.target.digest, '[0].data.target.digest'],
  ['malformed digest', (e) => (e.data.target.digest = 'not-a-digest'), '[0].data.target.digest'],
  ['missing repository', (e) => delete e.data.target.repository, '[0].data.target.repository'],
  ['missing mediaType', (e) => delete e.data.target.mediaType, '[0].data.target.mediaType'],
  ['negative size', (e) => (e.data.target.size = -1), '[0].data.target.size'],
  ['numeric tag', (e) => (e.data.target.tag = 7), '[0].data.target.tag'],
  ['missing request', (e) => delete e.data.request, '[0].data.request'],
  ['missing request.host', (e) => delete e.data.request.host, '[0].data.request.host'],
  ['bad data.timestamp', (e) => (e.data.timestamp = 'yesterday'), '[0].data.timestamp'],
  ['missing id', (e) => delete e.id, '[0].id'],
  ['empty topic', (e) => (e.topic = ''), '[0].topic'],
  ['missing eventType', (e) => delete e.eventType, '[0].eventType'],
  ['bad eventTime', (e) => (e.eventTime = '2021-09-08 06:37'), '[0].eventTime'],
  ['missing dataVersion', (e) => delete e.dataVersion, '[0].dataVersion'],
];
