export { renderCycloneDx } from './cyclonedx.js';
export { FormatInputError } from './errors.js';
export { GITLAB_SCHEMA_VERSION, type GitLabOptions, renderGitLab } from './gitlab.js';
export { type JsonObject, type JsonValue, toJsonText } from './json.js';
export { classifyLicense, type LicenseClass, spdxExpressionOf } from './licenses.js';
export {
  countBySeverity,
  type MarkdownOptions,
  renderMarkdown,
  type SeverityCounts,
  severitySummary,
} from './markdown.js';
export { escapeMarkdownText } from './markdown-escape.js';
export type {
  CvssRating,
  FindingSeverity,
  FormatInput,
  ImageSubject,
  SbomPackage,
  SbomPackageType,
  VulnerabilityFinding,
} from './model.js';
export { isReportFormat, REPORT_FORMATS, type ReportFormat, type ReportOptions, renderReport } from './report.js';
export { renderSarif, SARIF_LEVEL, type SarifOptions, securitySeverity } from './sarif.js';
export { renderSpdx, type SpdxOptions } from './spdx.js';
