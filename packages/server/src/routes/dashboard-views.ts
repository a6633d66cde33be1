import type { Integration, LatestImage, Repository } from '@scout-acr/sdk/client';
import type { Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import { toApiIntegration } from '../integrations/service.js';
import type { ImageRow, IntegrationRow, WebhookHealthRow } from '../store/index.js';

const DAY_MS = 24 * 60 * 60_000;
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const NO_HEALTH: WebhookHealthRow = { lastEventAt: null, lastHandshakeAt: null, eventsSince: 0, deadJobs: 0 };

/** Integrations as the API shows them, each with its webhook health, read for the whole page at once. */
export async function integrationViews(
  ctx: ServerContext,
  rows: IntegrationRow[],
  principal: Principal,
): Promise<Integration[]> {
  const health = await ctx.store.webhookHealth(
    rows.map((r) => r.id),
    ctx.now() - DAY_MS,
  );
  return rows.map((row) => {
    const h = health.get(row.id) ?? NO_HEALTH;
    return {
      ...toApiIntegration(ctx, row, principal),
      webhookHealth: {
        lastEventAt: isoOrNull(h.lastEventAt),
        lastHandshakeAt: isoOrNull(h.lastHandshakeAt),
        eventsLast24h: h.eventsSince,
        deadJobs: h.deadJobs,
      },
    };
  });
}

export async function integrationView(
  ctx: ServerContext,
  row: IntegrationRow,
  principal: Principal,
): Promise<Integration> {
  return (await integrationViews(ctx, [row], principal))[0] as Integration;
}

const toLatestImage = (i: ImageRow): LatestImage => ({
  digest: i.digest,
  tags: i.tags,
  status: i.status,
  recordedAt: new Date(i.recordedAt).toISOString(),
  analyzedAt: isoOrNull(i.analysis?.analyzedAt ?? null),
  vulnerabilities: i.analysis?.vulnerabilities ?? null,
});

/** Adds each repository's latest image, read for the whole page in one query. */
export async function withLatestImages(
  ctx: ServerContext,
  integrationId: string,
  repositories: Repository[],
): Promise<Repository[]> {
  const latest = await ctx.store.latestImages(
    integrationId,
    repositories.map((r) => r.name),
  );
  return repositories.map((r) => {
    const image = latest.get(r.name);
    return { ...r, latestImage: image ? toLatestImage(image) : null };
  });
}
