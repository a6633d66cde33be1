export { ConfigError, type ConfigIssue, ConfigNotFoundError, formatIssue } from './errors.js';
export { interpolate, type ReferenceResolver } from './interpolate.js';
export { configJsonSchema } from './json-schema.js';
export { defaultResolver, type LoadConfigOptions, type LoadedConfig, loadConfig, parseConfig } from './load.js';
export { type Config, configSchema, RawConfigSchema, type RegistryConfig, ResolvedConfigSchema } from './schema.js';
