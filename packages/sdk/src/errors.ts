/** `@scout-acr/sdk/errors`: the typed error base shared by every client. */
export * from './errors/index.js';
