/**
 * `@scout-acr/sdk/formats`: pure renderers that turn an analyzed image (see {@link FormatInput}) into
 * CycloneDX 1.6, SPDX 2.3, SARIF 2.1.0, GitLab container-scanning reports and pull-request Markdown.
 * Shared by the server (export endpoints) and the CLI (`--format`). No I/O.
 */
export * from './formats/index.js';
