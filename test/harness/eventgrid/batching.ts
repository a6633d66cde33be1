/**
 * Output batching: Event Grid packs up to `maxEventsPerBatch` events into one request while the batch stays under
 * `preferredBatchSizeInKilobytes`; an event larger than that preference still goes, alone.
 */
import type { EventGridEvent } from '@scout-acr/sdk/events';

export function splitIntoBatches<T extends EventGridEvent>(
  events: readonly T[],
  maxEventsPerBatch: number,
  preferredBatchSizeInKilobytes: number,
): T[][] {
  const limitBytes = preferredBatchSizeInKilobytes * 1024;
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 2; // the enclosing []
  for (const event of events) {
    const bytes = Buffer.byteLength(JSON.stringify(event)) + 1;
    const full = current.length >= maxEventsPerBatch || (current.length > 0 && currentBytes + bytes > limitBytes);
    if (full) {
      batches.push(current);
      current = [];
      currentBytes = 2;
    }
    current.push(event);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
