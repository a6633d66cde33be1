export {
  fromSdkEventSubscription,
  secretsOfSpec,
  toSdkEventSubscription,
  toSdkEventSubscriptionPatch,
} from './convert.js';
export {
  ACR_IMAGE_EVENT_TYPES,
  buildImageChangeSubscription,
  DOCKER_SCOUT_NAMES,
  REGISTRY_TOPIC_TYPE,
} from './image-change.js';
export type * from './spec.js';
