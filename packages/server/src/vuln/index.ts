/**
 * The pure core of vulnerability matching: per-ecosystem version ordering, OSV affected-range evaluation,
 * and CVSS scoring. No I/O.
 */
export * from './cvss/index.js';
export * from './errors.js';
export { type AffectedResult, describeInterval, isAffected, type OsvInterval, rangeIntervals } from './osv/affected.js';
export {
  comparatorForEcosystem,
  isSupportedEcosystem,
  type OsvEcosystem,
  parseOsvEcosystem,
} from './osv/ecosystems.js';
export type { OsvAffected, OsvEvent, OsvPackage, OsvRange, OsvSeverity } from './osv/types.js';
export * from './versions/index.js';
