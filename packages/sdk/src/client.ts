/** `@scout-acr/sdk/client` */
export {};
