/**
 * A bound on the ARM requests in flight, shared by every client given the same {@link RequestSlots}. The policy
 * sits after signing, next to the wire: a request holds a slot only while it is on the network, never while the
 * retry policy sleeps through a back-off or while a long-running operation waits between polls, so a caller can
 * keep many operations going without ever exceeding its request budget.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { RequestSlots } from '../options.js';

export const REQUEST_SLOTS_POLICY = 'scoutAcrRequestSlots';

export function requestSlotsPolicy(slots: RequestSlots): PipelinePolicy {
  return {
    name: REQUEST_SLOTS_POLICY,
    async sendRequest(request, next) {
      const release = await slots.acquire(request.abortSignal);
      try {
        return await next(request);
      } finally {
        release();
      }
    },
  };
}
