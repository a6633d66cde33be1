/** The server version, reported by `/healthz`, `--version` and the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';
