import type { OperationId, ResponseOf } from '@scout-acr/sdk/client';
import { listImagePackages } from '../analyze/packages-query.js';
import type { Principal } from '../auth/api-keys.js';
import type { ServerContext } from '../context.js';
import * as findings from '../findings/queries.js';
import { HttpError, notFound } from '../http/index.js';
import * as integrations from '../integrations/service.js';
import { createReconcilerHandlers } from '../reconciler/handlers.js';
import * as repositories from '../repositories/service.js';
import type { ImageRow } from '../store/index.js';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, seqPage } from './cursor.js';
import { integrationView, integrationViews, withLatestImages } from './dashboard-views.js';
import { getRepositoryTrend } from './trend.js';
import { toApiEvent, toApiImage, toApiJob } from './views.js';

// biome-ignore lint/suspicious/noExplicitAny: inputs were validated by the route's zod schemas before the call
type Input = { params: any; query: any; body: any };
export type ApiHandler<K extends OperationId> = (
  ctx: ServerContext,
  principal: Principal,
  input: Input,
) => Promise<ResponseOf<K>>;

export interface HandlerOptions {
  jobMaxAttempts: number;
}

/** Parses `repo:tag`, `repo@sha256:…` or a bare digest. */
export function parseImageReference(reference: string): { repository?: string; tag?: string; digest?: string } {
  const at = reference.indexOf('@');
  if (at > 0) return { repository: reference.slice(0, at), digest: reference.slice(at + 1) };
  if (/^sha256:[0-9a-f]{64}$/.test(reference)) return { digest: reference };
  const colon = reference.lastIndexOf(':');
  if (colon > 0 && !reference.slice(colon).includes('/')) {
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  }
  return { repository: reference, tag: 'latest' };
}

/** One handler per contract operation. Every data access is scoped to the caller's organization. */
export function createApiHandlers(options: HandlerOptions): { [K in OperationId]: ApiHandler<K> } {
  // Every integration answer carries its webhook health (read per page, not per row).
  const view = integrationView;
  return {
    ...createReconcilerHandlers(),
    getIdentity: async (_ctx, p) => ({ organization: p.orgName, role: p.role, keyId: p.keyId }),
    listIntegrations: async (ctx, p, { query }) => {
      const page = await seqPage(
        query,
        (args) => ctx.store.listIntegrations(p.orgId, args),
        (row) => row,
      );
      return { items: await integrationViews(ctx, page.items, p), nextCursor: page.nextCursor };
    },
    createIntegration: async (ctx, p, { body }) => view(ctx, await integrations.createIntegration(ctx, p, body), p),
    getIntegration: async (ctx, p, { params }) =>
      view(ctx, await integrations.getOwnedIntegration(ctx, p, params.id), p),
    updateIntegration: async (ctx, p, { params, body }) =>
      view(ctx, await integrations.updateIntegration(ctx, p, params.id, body), p),
    deleteIntegration: async (ctx, p, { params }) => {
      await integrations.deleteIntegration(ctx, p, params.id);
      return { deleted: true as const };
    },
    testIntegration: async (ctx, p, { params }) =>
      view(ctx, await integrations.retestIntegration(ctx, p, params.id), p),
    rotatePassword: async (ctx, p, { params, body }) =>
      view(ctx, await integrations.rotatePassword(ctx, p, params.id, body), p),
    rotateWebhookSecret: async (ctx, p, { params }) =>
      view(ctx, await integrations.rotateWebhookSecret(ctx, p, params.id), p),
    listRepositories: async (ctx, p, { params, query }) => {
      const all = await repositories.listRepositories(ctx, p, params.id);
      const after = decodeCursor(query.cursor);
      const start = after === undefined ? 0 : all.findIndex((r) => r.name > after);
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const items = start < 0 ? [] : all.slice(start, start + limit);
      const last = items[items.length - 1];
      const more = start >= 0 && start + limit < all.length;
      return {
        items: await withLatestImages(ctx, params.id, items),
        nextCursor: more && last ? encodeCursor(last.name) : null,
      };
    },
    getRepositoryTrend: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return getRepositoryTrend(ctx, params.id, query.repository);
    },
    activateRepositories: (ctx, p, { params, body }) =>
      repositories.setActivation(ctx, p, params.id, body, true, options.jobMaxAttempts),
    deactivateRepositories: (ctx, p, { params, body }) =>
      repositories.setActivation(ctx, p, params.id, body, false, options.jobMaxAttempts),
    listImages: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return seqPage(
        query,
        (page) => ctx.store.listImages(params.id, query.repository, query.includeDeleted === 'true', page),
        toApiImage,
      );
    },
    lookupImage: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      const ref = parseImageReference(query.reference);
      let images: ImageRow[] = [];
      let digest = ref.digest;
      if (!digest && ref.repository && ref.tag) digest = await ctx.store.resolveTag(params.id, ref.repository, ref.tag);
      if (digest) images = await ctx.store.findImagesByDigest(params.id, digest, ref.repository);
      if (images.length === 0) throw notFound('image');
      return { reference: query.reference, images: images.map(toApiImage) };
    },
    listImagePackages: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return listImagePackages(ctx, params.id, params.digest, query);
    },
    listImageVulnerabilities: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return findings.listImageVulnerabilities(ctx, params.id, params.digest, query);
    },
    getImageSbom: async (ctx, p, { params, query }) => {
      const integration = await integrations.getOwnedIntegration(ctx, p, params.id);
      return findings.getImageSbom(ctx, params.id, integration.loginServer, params.digest, query);
    },
    listImageHistory: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return findings.listImageHistory(ctx, params.id, params.digest, query);
    },
    getVulnDbStatus: async (ctx) => findings.getVulnDbStatus(ctx),
    listEvents: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return seqPage(query, (page) => ctx.store.listEvents(params.id, page), toApiEvent);
    },
    listJobs: async (ctx, p, { params, query }) => {
      await integrations.getOwnedIntegration(ctx, p, params.id);
      return seqPage(query, (page) => ctx.store.listJobs(params.id, query.state, page), toApiJob);
    },
    getJob: async (ctx, p, { params }) => {
      const job = await ctx.store.getJob(p.orgId, params.id);
      if (!job) throw notFound('job');
      return toApiJob(job);
    },
    retryJob: async (ctx, p, { params }) => {
      const result = await ctx.store.retryDeadJob(p.orgId, params.id, ctx.now());
      if (result === undefined) throw notFound('job');
      if (result === 'not-dead') throw new HttpError(409, 'Conflict', 'only a dead job can be retried');
      return toApiJob(result);
    },
  };
}
