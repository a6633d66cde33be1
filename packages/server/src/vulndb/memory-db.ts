import { ecosystemFamily, isBundledNotice, normalizePackageName } from './normalize.js';
import type { ParsedRecord } from './record.js';
import { parseOsvRecord } from './record.js';
import type { AdvisoryMatchCandidate, VulnLookup } from './types.js';

/** A {@link VulnLookup} over records held in memory, for unit tests and small embedded data sets. */
export class InMemoryVulnDb implements VulnLookup {
  private readonly index = new Map<string, AdvisoryMatchCandidate[]>();

  /** Builds the index from raw OSV records (JSON-parsed) or already parsed ones; withdrawn ones and bundled notices are ignored. */
  constructor(records: Iterable<unknown>) {
    for (const raw of records) {
      const parsed = isParsed(raw) ? raw : parseOsvRecord(raw);
      if (typeof parsed === 'string' || parsed.withdrawn || isBundledNotice(parsed.advisory.id)) continue;
      for (const affected of parsed.affected) {
        const family = ecosystemFamily(affected.package!.ecosystem);
        const key = `${family}\u0000${normalizePackageName(family, affected.package!.name)}`;
        const list = this.index.get(key) ?? [];
        list.push({ advisory: parsed.advisory, ecosystem: affected.package!.ecosystem, affected });
        this.index.set(key, list);
      }
    }
  }

  candidates(family: string, name: string): AdvisoryMatchCandidate[] {
    return this.index.get(`${family}\u0000${normalizePackageName(family, name)}`) ?? [];
  }
}

function isParsed(value: unknown): value is ParsedRecord {
  return (
    typeof value === 'object' && value !== null && 'advisory' in value && 'affected' in value && 'withdrawn' in value
  );
}
