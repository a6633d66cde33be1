import type { OsvAffected, OsvSeverity } from '../vuln/index.js';
import type { VulnAdvisory, VulnReference } from './types.js';

/** An OSV record reduced to what the database stores. */
export interface ParsedRecord {
  advisory: VulnAdvisory;
  /** `affected[]` entries that name a package (entries without one cannot be matched). */
  affected: OsvAffected[];
  withdrawn: boolean;
}

const MAX_SUMMARY = 300;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The summary, or the first line of `details` cut to a readable length when the record has no summary. */
function summaryOf(record: Record<string, unknown>): string | undefined {
  const summary = text(record.summary) ?? text(record.details)?.trim().split('\n')[0];
  if (!summary) return undefined;
  return summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
}

function severitiesOf(value: unknown): OsvSeverity[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isObject)
    .filter((s) => typeof s.type === 'string' && typeof s.score === 'string')
    .map((s) => ({ type: s.type as string, score: s.score as string }));
}

function referencesOf(value: unknown): VulnReference[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isObject)
    .filter((r) => typeof r.url === 'string')
    .map((r) => ({ type: typeof r.type === 'string' ? r.type : 'WEB', url: r.url as string }));
}

/** `database_specific.severity` (GHSA, Ubuntu, PyPA) as a plain string. */
function databaseSeverityOf(record: Record<string, unknown>): string | undefined {
  const specific = record.database_specific;
  return isObject(specific) ? text(specific.severity) : undefined;
}

/**
 * Reads one OSV record (already JSON-parsed). Returns a reason string instead of a record when it lacks the
 * fields every record must have (`id`, `affected` of objects), so that one bad file does not stop an import.
 */
export function parseOsvRecord(raw: unknown): ParsedRecord | string {
  if (!isObject(raw)) return 'not a JSON object';
  const id = text(raw.id);
  if (!id) return 'no id';
  const affected = (Array.isArray(raw.affected) ? raw.affected : []).filter(
    (a): a is OsvAffected =>
      isObject(a) &&
      isObject(a.package) &&
      typeof a.package.ecosystem === 'string' &&
      typeof a.package.name === 'string',
  );
  // `upstream` (schema 1.7) names what a distro record derives from. One upstream id is the same vulnerability
  // (DEBIAN-CVE-x → CVE-x); several (a USN covering many CVEs) are distinct ones and must not be merged.
  const upstream = strings(raw.upstream);
  const aliases = [...new Set([...strings(raw.aliases), ...(upstream.length === 1 ? upstream : [])])].filter(
    (a) => a !== id,
  );
  const advisory: VulnAdvisory = {
    id,
    aliases,
    severity: severitiesOf(raw.severity),
    references: referencesOf(raw.references),
  };
  const summary = summaryOf(raw);
  if (summary) advisory.summary = summary;
  const dbSeverity = databaseSeverityOf(raw);
  if (dbSeverity) advisory.databaseSeverity = dbSeverity;
  if (text(raw.published)) advisory.published = raw.published as string;
  if (text(raw.modified)) advisory.modified = raw.modified as string;
  return { advisory, affected, withdrawn: text(raw.withdrawn) !== undefined };
}
