/** `@scout-acr/sdk/azure` */
export {};
