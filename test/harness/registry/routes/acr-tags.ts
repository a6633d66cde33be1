import type { ServerResponse } from 'node:http';
import { readTags } from '../storage-layout.js';
import { sendErrors, sendJson } from './respond.js';

/**
 * ACR's `GET /acr/v1/<repo>/_tags?orderby=timedesc|timeasc&n=&last=`: tags with digests and times, ordered
 * by last update (ties by name), paginated with `last` (a tag name) and a `Link` header, like ACR.
 */
export async function handleAcrTags(
  res: ServerResponse,
  url: URL,
  repository: string,
  ctx: { loginServer: string; storageDir: string },
): Promise<void> {
  const tags = await readTags(ctx.storageDir, repository);
  if (!tags) {
    sendErrors(res, 404, [
      { code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: repository } },
    ]);
    return;
  }
  const orderby = url.searchParams.get('orderby') ?? '';
  const byTime = (a: { lastUpdateTime: string; name: string }, b: typeof a) =>
    a.lastUpdateTime.localeCompare(b.lastUpdateTime) || a.name.localeCompare(b.name);
  if (orderby === 'timedesc') tags.sort((a, b) => byTime(b, a));
  else if (orderby === 'timeasc') tags.sort(byTime);
  else tags.sort((a, b) => a.name.localeCompare(b.name));
  const n = Math.max(1, Math.min(1000, Number(url.searchParams.get('n') ?? 100) || 100));
  const last = url.searchParams.get('last');
  const start = last ? tags.findIndex((t) => t.name === last) + 1 : 0;
  const page = tags.slice(start, start + n);
  const headers: Record<string, string> = {};
  if (start + n < tags.length && page.length > 0) {
    const next = new URLSearchParams({ last: page[page.length - 1]?.name ?? '', n: String(n) });
    if (orderby) next.set('orderby', orderby);
    headers.link = `</acr/v1/${repository}/_tags?${next}>; rel="next"`;
  }
  sendJson(
    res,
    200,
    {
      registry: ctx.loginServer,
      imageName: repository,
      tags: page.map((t) => ({
        name: t.name,
        digest: t.digest,
        createdTime: t.createdTime,
        lastUpdateTime: t.lastUpdateTime,
        signed: false,
        changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
      })),
    },
    headers,
  );
}
