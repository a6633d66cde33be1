/** Image analysis in the server: the default `ImageAnalyzer` (packages per image, layer cache by diffID). */
export { type AnalysisMetrics, createAnalysisMetrics } from './analysis-metrics.js';
export { DiffIdMismatchError } from './errors.js';
export { type AnalysisFailure, classifyAnalysisError } from './failure.js';
export { type InventoryListener, PackageAnalyzer, type PackageAnalyzerOptions } from './package-analyzer.js';
