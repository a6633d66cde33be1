/**
 * Vulnerability findings in the server: matching after each analysis, re-matching on a database change,
 * and the queries behind the vulnerabilities, SBOM, history and database-status routes.
 */
export { RESPONSE_CONTENT_TYPE, responseContentType, withContentType } from './content-type.js';
export {
  getImageSbom,
  getVulnDbStatus,
  listImageHistory,
  listImageVulnerabilities,
  SBOM_CONTENT_TYPES,
  type VulnerabilitiesQuery,
} from './queries.js';
export { sbomInput, toFormatFinding, toSbomPackage } from './sbom.js';
export { FindingsService, type FindingsServiceOptions, type RematchSummary } from './service.js';
