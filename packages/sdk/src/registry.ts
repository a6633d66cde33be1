/** `@scout-acr/sdk/registry` */
export {};
