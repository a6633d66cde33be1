export { isTransientError, ScoutAcrError, type ScoutAcrErrorOptions } from './scout-acr-error.js';
