/**
 * Swagger fidelity of the ARM emulator: Microsoft's oav LiveValidator loaded with the official
 * Container Registry (2025-11-01) and Event Grid (2025-02-15) swaggers, plus the ARM rules they rely on.
 */
export { FidelityHarnessError } from './errors.js';
export {
  type ExampleResponse,
  exampleExchanges,
  loadOfficialExamples,
  type OfficialExample,
} from './official-examples.js';
export { type RecordedLine, readRecordings, type UnreadableLine } from './recordings.js';
export { formatViolations, summaryLine, toViolation, type Violation } from './report.js';
export { azureFixturesRoot, repoRoot, type SwaggerFile, swaggerFiles } from './spec-files.js';
export { createSwaggerValidator, type SwaggerValidator } from './swagger-validator.js';
export type { ExchangeValidation, FidelityError, RecordedExchange } from './types.js';
