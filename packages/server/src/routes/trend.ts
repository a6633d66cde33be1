import type { RepositoryTrend, TrendPoint } from '@scout-acr/sdk/client';
import type { ServerContext } from '../context.js';
import type { ImageRow, RepositoryMatchRow } from '../store/index.js';

/** The chart needs a recent window, not the whole life of a busy repository. */
export const TREND_POINT_LIMIT = 500;

const platformKey = (p: ImageRow['platform']) => (p ? `${p.os}/${p.architecture}/${p.variant ?? ''}` : '');

/**
 * Walks a repository's match history in time order and keeps the points of its latest image: an `analysis`
 * entry makes its image the latest (the newest push is the last one analyzed); a point is added when that image
 * is first matched with a database and at every later re-match of it, while it is still the latest.
 *
 * Only images of one platform are followed (the current latest image's), so an index's platforms, analyzed one
 * after another, do not make the line jump between them. Pure: the caller reads the history.
 */
export function buildTrend(
  history: RepositoryMatchRow[],
  platform: ImageRow['platform'],
  limit = TREND_POINT_LIMIT,
): TrendPoint[] {
  const key = platformKey(platform);
  const points: TrendPoint[] = [];
  let latest: number | undefined;
  for (const row of history) {
    if (platformKey(row.platform) !== key) continue;
    if (row.kind === 'analysis') latest = row.imageSeq;
    else if (row.imageSeq !== latest) continue;
    if (!row.counts) continue;
    const { critical = 0, high = 0, medium = 0, low = 0, unspecified = 0 } = row.counts;
    points.push({
      at: new Date(row.at).toISOString(),
      digest: row.digest,
      critical,
      high,
      medium,
      low,
      unspecified,
    });
  }
  return points.length > limit ? points.slice(points.length - limit) : points;
}

/** `GET …/repositories/trend?repository=`, after the integration's ownership was checked. */
export async function getRepositoryTrend(
  ctx: ServerContext,
  integrationId: string,
  repository: string,
): Promise<RepositoryTrend> {
  // The platform to follow: the current latest image's, else (everything deleted) the last one recorded.
  const latest =
    (await ctx.store.latestImages(integrationId, [repository])).get(repository) ??
    (await ctx.store.latestImages(integrationId, [repository], true)).get(repository);
  if (!latest) return { repository, points: [] };
  const history = await ctx.store.repositoryMatchHistory(integrationId, repository);
  return { repository, points: buildTrend(history, latest.platform) };
}
