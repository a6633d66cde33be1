import type {
  FindingRef as ApiFindingRef,
  VulnDbStatus as ApiVulnDbStatus,
  ImageHistoryEntry,
  Page,
  SbomFormat,
  Severity,
  Vulnerability,
} from '@scout-acr/sdk/client';
import { renderCycloneDx, renderSpdx } from '@scout-acr/sdk/formats';
import type { ImagePackage } from '../analysis/index.js';
import type { ServerContext } from '../context.js';
import { HttpError, notFound } from '../http/index.js';
import { DEFAULT_PAGE_SIZE, decodeSeqCursor, encodeCursor } from '../routes/cursor.js';
import type { FindingRef, ImageRow, StoredFinding } from '../store/index.js';
import { SERVER_VERSION } from '../version.js';
import { withContentType } from './content-type.js';
import { sbomInput } from './sbom.js';
import type { FindingsService } from './service.js';

/** The media types of the SBOM downloads. */
export const SBOM_CONTENT_TYPES: Record<SbomFormat, string> = {
  cyclonedx: 'application/vnd.cyclonedx+json; version=1.6',
  spdx: 'application/spdx+json',
};

function findingsOf(ctx: ServerContext): FindingsService {
  if (!ctx.findings) throw new HttpError(503, 'Unavailable', 'vulnerability matching is not running in this server');
  return ctx.findings;
}

/** The analyzed, current copy of a platform image (404 when none; 409 while not analyzed). */
async function analyzedImage(
  ctx: ServerContext,
  integrationId: string,
  digest: string,
  repository: string | undefined,
): Promise<ImageRow> {
  const images = (await ctx.store.findImagesByDigest(integrationId, digest, repository)).filter(
    (image) => image.digest === digest && image.deletedAt === null,
  );
  if (images.length === 0) throw notFound('image');
  const image = images.find((i) => i.analysis?.analyzedAt != null);
  if (!image) {
    const first = images[0] as ImageRow;
    const reason = first.analysis?.error ? `: ${first.analysis.error}` : '';
    throw new HttpError(409, 'NotAnalyzed', `image ${digest} is ${first.status}, not analyzed${reason}`);
  }
  return image;
}

export interface VulnerabilitiesQuery {
  repository?: string | undefined;
  severity?: string | undefined;
  fixable?: 'true' | 'false' | undefined;
  packageType?: string | undefined;
  id?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** `GET …/images/{digest}/vulnerabilities`, after the integration's ownership was checked. */
export async function listImageVulnerabilities(
  ctx: ServerContext,
  integrationId: string,
  digest: string,
  query: VulnerabilitiesQuery,
): Promise<Page<Vulnerability>> {
  const findings = findingsOf(ctx);
  const image = await analyzedImage(ctx, integrationId, digest, query.repository);
  if (image.analysis?.matchedAt == null) {
    throw new HttpError(
      409,
      'NoVulnerabilityDatabase',
      findings.dbVersion
        ? `image ${digest} has not been matched yet`
        : 'no vulnerability database is loaded: run `scout-acr-server db import PATH` or `db update`',
    );
  }
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = findings.store.listFindings(image.seq, {
    severities: query.severity ? (query.severity.split(',') as Severity[]) : undefined,
    fixable: query.fixable === undefined ? undefined : query.fixable === 'true',
    packageType: query.packageType,
    id: query.id,
    after: decodeSeqCursor(query.cursor),
    limit: limit + 1,
  });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(toApiVulnerability), nextCursor: more && last ? encodeCursor(last.ord) : null };
}

function toApiVulnerability(f: StoredFinding): Vulnerability {
  const { ord: _ord, ...rest } = f;
  return rest;
}

/** `GET …/images/{digest}/sbom?format=`: the document, marked with its media type. */
export async function getImageSbom(
  ctx: ServerContext,
  integrationId: string,
  loginServer: string,
  digest: string,
  query: { repository?: string | undefined; format: SbomFormat },
): Promise<Record<string, unknown>> {
  const image = await analyzedImage(ctx, integrationId, digest, query.repository);
  const packages: ImagePackage[] = [];
  for (let after = -1; ; ) {
    const page = (await ctx.store.listImagePackages(image, { after, limit: 1000 })) ?? [];
    for (const { ord: _ord, ...pkg } of page) packages.push(pkg);
    if (page.length < 1000) break;
    after = page[page.length - 1]?.ord ?? after;
  }
  const findings = ctx.findings?.store.allFindings(image.seq) ?? [];
  const input = sbomInput(loginServer, image, packages, findings, new Date(ctx.now()).toISOString(), SERVER_VERSION);
  const doc = query.format === 'spdx' ? renderSpdx(input) : renderCycloneDx(input);
  return withContentType(doc as Record<string, unknown>, SBOM_CONTENT_TYPES[query.format]);
}

/** `GET …/images/{digest}/history`: matchings newest first. */
export async function listImageHistory(
  ctx: ServerContext,
  integrationId: string,
  digest: string,
  query: { repository?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<ImageHistoryEntry>> {
  const findings = findingsOf(ctx);
  const images = (await ctx.store.findImagesByDigest(integrationId, digest, query.repository)).filter(
    (image) => image.digest === digest && image.deletedAt === null,
  );
  const image = images.find((i) => i.analysis?.analyzedAt != null) ?? images[0];
  if (!image) throw notFound('image');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = findings.store.listHistory(image.seq, decodeSeqCursor(query.cursor), limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      kind: r.kind,
      at: new Date(r.at).toISOString(),
      dbVersion: r.dbVersion,
      vulnerabilities: r.counts,
      addedCount: r.addedCount,
      resolvedCount: r.resolvedCount,
      added: r.added.map(toApiRef),
      resolved: r.resolved.map(toApiRef),
    })),
    nextCursor: more && last ? encodeCursor(last.seq) : null,
  };
}

const toApiRef = (r: FindingRef): ApiFindingRef => ({ ...r });

/** `GET /v1/vulndb`: what the server matches with. */
export function getVulnDbStatus(ctx: ServerContext): ApiVulnDbStatus {
  const status = findingsOf(ctx).status();
  const out: ApiVulnDbStatus = {
    present: status.present,
    sources: status.sources,
    recordsByEcosystem: status.recordsByEcosystem,
    records: status.records,
    withdrawn: status.withdrawn,
    invalid: status.invalid,
    loadedAt: status.loadedAt === null ? null : new Date(status.loadedAt).toISOString(),
  };
  if (status.importedAt) out.importedAt = status.importedAt;
  if (status.newestModified) {
    out.newestModified = status.newestModified;
    out.ageSeconds = Math.max(0, Math.round((ctx.now() - Date.parse(status.newestModified)) / 1000));
  }
  return out;
}
