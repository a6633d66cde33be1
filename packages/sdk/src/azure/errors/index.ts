export * from './classes.js';
export { extractArmError, isHandshakeFailure, type MapErrorContext, mapAzureError } from './map-error.js';
export { scrubText, secretFragmentsOfUrl } from './redaction.js';
