/** `@scout-acr/server`: the scout-acr server, embeddable from code. */
export const SERVER_VERSION = '0.1.0';
