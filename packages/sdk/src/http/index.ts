export { parseRetryAfter, type RetryOptions, sleep, withRetries } from './retry.js';
