// @ts-check
/**
 * The API's data shapes for the UI, taken from the SDK's zod contract (the single source of truth) at type-check
 * time only: nothing is imported at run time.
 *
 * @typedef {import('../../../sdk/src/client/contract/index.js').Integration} Integration
 * @typedef {import('../../../sdk/src/client/contract/index.js').Repository} Repository
 * @typedef {import('../../../sdk/src/client/contract/index.js').Image} Image
 * @typedef {import('../../../sdk/src/client/contract/index.js').ImageLookup} ImageLookup
 * @typedef {import('../../../sdk/src/client/contract/index.js').ImagePackage} ImagePackage
 * @typedef {import('../../../sdk/src/client/contract/index.js').Vulnerability} Vulnerability
 * @typedef {import('../../../sdk/src/client/contract/index.js').Severity} Severity
 * @typedef {import('../../../sdk/src/client/contract/index.js').SeverityCounts} SeverityCounts
 * @typedef {import('../../../sdk/src/client/contract/index.js').ImageHistoryEntry} ImageHistoryEntry
 * @typedef {import('../../../sdk/src/client/contract/index.js').Identity} Identity
 * @typedef {import('../../../sdk/src/client/contract/index.js').VulnDbStatus} VulnDbStatus
 * @typedef {import('../../../sdk/src/client/contract/index.js').Role} Role
 * @typedef {import('../../../sdk/src/client/contract/index.js').ResponseOf<'getRepositoryTrend'>} RepositoryTrend
 * @typedef {RepositoryTrend['points'][number]} TrendPoint
 *
 * @typedef {{ organization: string, role: Role }} SessionIdentity
 */
export {};
