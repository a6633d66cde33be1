export { redactText, redactUrl } from './redact.js';
export { SENSITIVE_PLACEHOLDER, Secret } from './secret.js';
