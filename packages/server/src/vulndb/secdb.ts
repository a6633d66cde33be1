import { parse } from 'yaml';
import { apkComparator, type OsvAffected } from '../vuln/index.js';
import { VulnSourceError } from './errors.js';
import type { ParsedRecord } from './record.js';

/**
 * Alpine secdb (https://secdb.alpinelinux.org/, alpinelinux/alpine-secdb) is not OSV: per release
 * (`distroversion`) and repository (`reponame`), `packages[].pkg.secfixes` maps the apk version that fixed
 * something to the ids it fixed. Each pair becomes an OSV-style record `ALPINE-<id>` (the id OSV's own Alpine
 * records use), aliased to the id, affecting `Alpine:<distroversion>` with `introduced 0, fixed <version>`.
 * A fixed version of `0` is the secdb convention for "this package was never affected" (Trivy and Grype read
 * it so): no range is produced for it. When one id is listed under several fixed versions of one package (a fix
 * made on an older branch, then again after an upgrade, e.g. busybox `1.29.3-r10` and `1.30.1-r2`), the highest
 * one is kept: the data does not say where the vulnerable windows start, and below the last fix is the safe side.
 */
export class SecdbCollector {
  private readonly records = new Map<string, ParsedRecord>();

  /** Adds one secdb YAML document. `origin` names it in errors. */
  add(yamlText: string, origin: string): void {
    let doc: unknown;
    try {
      // The failsafe schema keeps every scalar a string: `1.10` must stay a version, not become 1.1.
      doc = parse(yamlText, { schema: 'failsafe' });
    } catch (error) {
      throw new VulnSourceError(`${origin}: not valid YAML`, error);
    }
    const root = doc as { distroversion?: unknown; reponame?: unknown; packages?: unknown };
    if (typeof root?.distroversion !== 'string' || !Array.isArray(root.packages)) {
      throw new VulnSourceError(`${origin}: not an Alpine secdb document (no distroversion/packages)`);
    }
    const ecosystem = `Alpine:${root.distroversion}`;
    for (const entry of root.packages as Array<{ pkg?: { name?: unknown; secfixes?: unknown } }>) {
      const name = entry?.pkg?.name;
      const secfixes = entry?.pkg?.secfixes;
      if (typeof name !== 'string' || typeof secfixes !== 'object' || secfixes === null) continue;
      for (const [fixed, ids] of Object.entries(secfixes as Record<string, unknown>)) {
        if (fixed.trim() === '0' || !Array.isArray(ids)) continue;
        for (const raw of ids) {
          const id = secdbId(raw);
          if (id) this.addFix(id, ecosystem, name, fixed.trim(), root.reponame);
        }
      }
    }
  }

  /** The records gathered so far, one per id. */
  result(): ParsedRecord[] {
    return [...this.records.values()];
  }

  private addFix(id: string, ecosystem: string, name: string, fixed: string, repo: unknown): void {
    const recordId = `ALPINE-${id}`;
    let record = this.records.get(recordId);
    if (!record) {
      record = {
        advisory: { id: recordId, aliases: [id], severity: [], references: [] },
        affected: [],
        withdrawn: false,
      };
      this.records.set(recordId, record);
    }
    const existing = record.affected.find((a) => a.package?.ecosystem === ecosystem && a.package.name === name);
    if (existing) {
      const event = existing.ranges![0]!.events[1]!;
      if (higherApk(fixed, event.fixed!)) event.fixed = fixed;
      return;
    }
    const affected: OsvAffected = {
      package: { ecosystem, name },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
      database_specific: { source: 'secdb', reponame: typeof repo === 'string' ? repo : undefined },
    };
    record.affected.push(affected);
  }
}

/**
 * The id of a secfixes entry: the first word (entries such as `CVE-2017-2616 (+ regression fix)` exist), with
 * the `CVE_2019-2426` typo found in the data repaired.
 */
export function secdbId(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const word = raw.trim().split(/\s+/)[0];
  if (!word) return undefined;
  return word.replace(/^CVE_(\d{4})/i, 'CVE-$1').toUpperCase();
}

function higherApk(a: string, b: string): boolean {
  try {
    return apkComparator.compare(a, b) > 0;
  } catch {
    return false;
  }
}
