/** `@scout-acr/sdk/registry`: the OCI registry client with ACR token auth. */
export * from './registry/index.js';
