/** `@scout-acr/reconciler`: scout-acr.yaml → plan → apply, from code. */
export const RECONCILER_VERSION = '0.1.0';
