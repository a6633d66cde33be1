export { createLogger, type Logger, REDACTED_LOG_PATHS, silentLogger } from './logger.js';
