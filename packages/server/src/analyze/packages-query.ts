import type { ImagePackage as ApiImagePackage, PackageType, Page } from '@scout-acr/sdk/client';
import type { ServerContext } from '../context.js';
import { HttpError, notFound } from '../http/index.js';
import { DEFAULT_PAGE_SIZE, decodeSeqCursor, encodeCursor } from '../routes/cursor.js';
import type { ImageRow, StoredPackage } from '../store/index.js';

export interface PackagesQuery {
  repository?: string | undefined;
  type?: PackageType | undefined;
  name?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/**
 * `GET /v1/integrations/{id}/images/{digest}/packages` after the integration's ownership was checked: the
 * packages of the current (not deleted) platform image with that manifest digest, one page at a time.
 * 404 when no such image; 409 while it is not analyzed, naming its status and any failure.
 */
export async function listImagePackages(
  ctx: ServerContext,
  integrationId: string,
  digest: string,
  query: PackagesQuery,
): Promise<Page<ApiImagePackage>> {
  const images = (await ctx.store.findImagesByDigest(integrationId, digest, query.repository)).filter(
    (image) => image.digest === digest && image.deletedAt === null,
  );
  if (images.length === 0) throw notFound('image');
  // The same manifest in several repositories has the same packages: any analyzed copy answers.
  const image = images.find((i) => i.analysis?.analyzedAt != null);
  if (!image) throw notAnalyzed(images[0] as ImageRow);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows =
    (await ctx.store.listImagePackages(image, {
      type: query.type,
      name: query.name,
      after: decodeSeqCursor(query.cursor),
      limit: limit + 1,
    })) ?? [];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(toApiPackage), nextCursor: more && last ? encodeCursor(last.ord) : null };
}

function notAnalyzed(image: ImageRow): HttpError {
  const reason = image.analysis?.error ? `: ${image.analysis.error}` : '';
  return new HttpError(409, 'NotAnalyzed', `image ${image.digest} is ${image.status}, not analyzed${reason}`);
}

function toApiPackage(pkg: StoredPackage): ApiImagePackage {
  const { ord: _ord, ...rest } = pkg;
  return rest;
}
