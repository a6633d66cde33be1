import { z } from 'zod';
import { nonEmptyString } from './common.js';

/** `data` of `Microsoft.EventGrid.SubscriptionValidationEvent` (the webhook handshake). */
export const subscriptionValidationEventDataSchema = z.looseObject({
  validationCode: nonEmptyString,
  validationUrl: z.string().optional(),
});

/** `data` of `Microsoft.EventGrid.SubscriptionDeletedEvent`. */
export const subscriptionDeletedEventDataSchema = z.looseObject({
  eventSubscriptionId: z.string().optional(),
});

export type SubscriptionValidationEventData = z.infer<typeof subscriptionValidationEventDataSchema>;
export type SubscriptionDeletedEventData = z.infer<typeof subscriptionDeletedEventDataSchema>;
