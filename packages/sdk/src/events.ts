/** `@scout-acr/sdk/events` */
export {};
