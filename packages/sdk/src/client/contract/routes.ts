import type { z } from 'zod';
import { EmptyObject, IdParams, PageQuery } from './common.js';
import { EventList, Identity, Job, JobList, JobListQuery } from './history.js';
import { ImageList, ImageListQuery, ImageLookup, ImageLookupQuery } from './images.js';
import {
  CreateIntegrationRequest,
  DeletedResponse,
  Integration,
  IntegrationList,
  RotatePasswordRequest,
  UpdateIntegrationRequest,
} from './integrations.js';
import { ImagePackageList, ImagePackagesParams, ImagePackagesQuery } from './packages.js';
import { reconcilerRoutes } from './reconciler.js';
import {
  ActivationResult,
  RepositoryList,
  RepositorySelection,
  RepositoryTrend,
  RepositoryTrendQuery,
} from './repositories.js';
import {
  ImageDigestParams,
  ImageHistoryList,
  ImageHistoryQuery,
  ImageSbomQuery,
  ImageVulnerabilitiesQuery,
  SbomDocument,
  VulnDbStatus,
  VulnerabilityList,
} from './vulnerabilities.js';

/**
 * One API route: the single source of truth for the server's router and validation, `ScoutClient`'s
 * requests, the OpenAPI document and the cross-organization test table.
 */
export interface RouteDef {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style template, e.g. `/v1/integrations/{id}`. */
  path: string;
  /** Least role needed. */
  role: 'viewer' | 'admin';
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status: 200 | 201;
  /**
   * Route-specific error statuses beyond the common ones (e.g. 409, 422, 502), with what they mean; a `schema`
   * when the body carries more than the common error (it still has `error`).
   */
  errors?: Record<number, string | { description: string; schema: z.ZodType }>;
  /** True for list routes (cursor-paginated, `{items, nextCursor}`). */
  paginated?: boolean;
}

function route<const R extends RouteDef>(def: R): R {
  return def;
}

export const routes = {
  getIdentity: route({
    operationId: 'getIdentity',
    method: 'GET',
    path: '/v1/me',
    role: 'viewer',
    summary: 'The organization and role of the calling API key',
    response: Identity,
    status: 200,
  }),
  listIntegrations: route({
    operationId: 'listIntegrations',
    method: 'GET',
    path: '/v1/integrations',
    role: 'viewer',
    summary: 'List the organization’s ACR integrations',
    query: PageQuery,
    response: IntegrationList,
    status: 200,
    paginated: true,
  }),
  createIntegration: route({
    operationId: 'createIntegration',
    method: 'POST',
    path: '/v1/integrations',
    role: 'admin',
    summary: 'Create an integration and run its connection test',
    body: CreateIntegrationRequest,
    response: Integration,
    status: 201,
  }),
  getIntegration: route({
    operationId: 'getIntegration',
    method: 'GET',
    path: '/v1/integrations/{id}',
    role: 'viewer',
    summary: 'Get one integration',
    params: IdParams,
    response: Integration,
    status: 200,
  }),
  updateIntegration: route({
    operationId: 'updateIntegration',
    method: 'PATCH',
    path: '/v1/integrations/{id}',
    role: 'admin',
    summary: 'Update an integration; a changed login server, token or password is tested again',
    params: IdParams,
    body: UpdateIntegrationRequest,
    response: Integration,
    status: 200,
  }),
  deleteIntegration: route({
    operationId: 'deleteIntegration',
    method: 'DELETE',
    path: '/v1/integrations/{id}',
    role: 'admin',
    summary: 'Delete an integration with its repositories, images, events and jobs',
    params: IdParams,
    response: DeletedResponse,
    status: 200,
  }),
  testIntegration: route({
    operationId: 'testIntegration',
    method: 'POST',
    path: '/v1/integrations/{id}/test',
    role: 'admin',
    summary: 'Run the connection test again',
    params: IdParams,
    body: EmptyObject.optional(),
    response: Integration,
    status: 200,
  }),
  rotatePassword: route({
    operationId: 'rotatePassword',
    method: 'POST',
    path: '/v1/integrations/{id}/password',
    role: 'admin',
    summary: 'Replace the token password; the new one is tested before the old one is dropped (422 if it fails)',
    params: IdParams,
    body: RotatePasswordRequest,
    response: Integration,
    errors: { 422: 'The new password failed the connection test; the old one is kept' },
    status: 200,
  }),
  rotateWebhookSecret: route({
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: '/v1/integrations/{id}/webhook/rotate',
    role: 'admin',
    summary: 'Issue a new webhook secret; the old webhook URL stops working at once',
    params: IdParams,
    body: EmptyObject.optional(),
    response: Integration,
    status: 200,
  }),
  listRepositories: route({
    operationId: 'listRepositories',
    method: 'GET',
    path: '/v1/integrations/{id}/repositories',
    role: 'viewer',
    summary: 'The registry catalog joined with activation state',
    params: IdParams,
    query: PageQuery,
    response: RepositoryList,
    errors: { 502: 'The registry catalog could not be read' },
    status: 200,
    paginated: true,
  }),
  activateRepositories: route({
    operationId: 'activateRepositories',
    method: 'POST',
    path: '/v1/integrations/{id}/repositories/activate',
    role: 'admin',
    summary: 'Activate repositories by name or glob; queues analysis of each one’s latest image',
    params: IdParams,
    body: RepositorySelection,
    response: ActivationResult,
    errors: { 502: 'The registry catalog could not be read (patterns need it)' },
    status: 200,
  }),
  deactivateRepositories: route({
    operationId: 'deactivateRepositories',
    method: 'POST',
    path: '/v1/integrations/{id}/repositories/deactivate',
    role: 'admin',
    summary: 'Deactivate repositories by name or glob',
    params: IdParams,
    body: RepositorySelection,
    response: ActivationResult,
    status: 200,
  }),
  getRepositoryTrend: route({
    operationId: 'getRepositoryTrend',
    method: 'GET',
    path: '/v1/integrations/{id}/repositories/trend',
    role: 'viewer',
    summary:
      'Findings by severity of a repository’s latest image over time: a point per newer image first matched and per re-match of the latest after a database change (at most 500, the newest)',
    params: IdParams,
    query: RepositoryTrendQuery,
    response: RepositoryTrend,
    status: 200,
  }),
  listImages: route({
    operationId: 'listImages',
    method: 'GET',
    path: '/v1/integrations/{id}/images',
    role: 'viewer',
    summary: 'Images of one repository, newest first, with tags and status',
    params: IdParams,
    query: ImageListQuery,
    response: ImageList,
    status: 200,
    paginated: true,
  }),
  lookupImage: route({
    operationId: 'lookupImage',
    method: 'GET',
    path: '/v1/integrations/{id}/image',
    role: 'viewer',
    summary: 'Images for `repo:tag`, `repo@digest` or a digest (one per platform); 404 when none',
    params: IdParams,
    query: ImageLookupQuery,
    response: ImageLookup,
    status: 200,
  }),
  listImagePackages: route({
    operationId: 'listImagePackages',
    method: 'GET',
    path: '/v1/integrations/{id}/images/{digest}/packages',
    role: 'viewer',
    summary: 'Packages of an analyzed image, sorted by type and name; filter by `type`, search by `name`',
    params: ImagePackagesParams,
    query: ImagePackagesQuery,
    response: ImagePackageList,
    errors: { 409: 'The image has not been analyzed (yet, or its analysis failed: see `analysisError`)' },
    status: 200,
    paginated: true,
  }),
  listImageVulnerabilities: route({
    operationId: 'listImageVulnerabilities',
    method: 'GET',
    path: '/v1/integrations/{id}/images/{digest}/vulnerabilities',
    role: 'viewer',
    summary:
      'Vulnerabilities of an analyzed image, worst first; filter by `severity`, `fixable`, `packageType`, `id` (aliases too)',
    params: ImageDigestParams,
    query: ImageVulnerabilitiesQuery,
    response: VulnerabilityList,
    errors: {
      409: 'The image has not been analyzed, or no vulnerability database is loaded (`NoVulnerabilityDatabase`)',
    },
    status: 200,
    paginated: true,
  }),
  getImageSbom: route({
    operationId: 'getImageSbom',
    method: 'GET',
    path: '/v1/integrations/{id}/images/{digest}/sbom',
    role: 'viewer',
    summary:
      'The SBOM of an analyzed image: CycloneDX 1.6 JSON (`application/vnd.cyclonedx+json`, with its vulnerabilities) or SPDX 2.3 JSON (`application/spdx+json`)',
    params: ImageDigestParams,
    query: ImageSbomQuery,
    response: SbomDocument,
    errors: { 409: 'The image has not been analyzed' },
    status: 200,
  }),
  listImageHistory: route({
    operationId: 'listImageHistory',
    method: 'GET',
    path: '/v1/integrations/{id}/images/{digest}/history',
    role: 'viewer',
    summary: 'Analyses and re-matches of an image, newest first, with the findings each added and resolved',
    params: ImageDigestParams,
    query: ImageHistoryQuery,
    response: ImageHistoryList,
    status: 200,
    paginated: true,
  }),
  getVulnDbStatus: route({
    operationId: 'getVulnDbStatus',
    method: 'GET',
    path: '/v1/vulndb',
    role: 'viewer',
    summary: 'The vulnerability database the server matches with: records per ecosystem, import time, age',
    response: VulnDbStatus,
    status: 200,
  }),
  listEvents: route({
    operationId: 'listEvents',
    method: 'GET',
    path: '/v1/integrations/{id}/events',
    role: 'viewer',
    summary: 'Event history of an integration, newest first',
    params: IdParams,
    query: PageQuery,
    response: EventList,
    status: 200,
    paginated: true,
  }),
  listJobs: route({
    operationId: 'listJobs',
    method: 'GET',
    path: '/v1/integrations/{id}/jobs',
    role: 'viewer',
    summary: 'Job history of an integration, newest first; `state=dead` lists the dead letters',
    params: IdParams,
    query: JobListQuery,
    response: JobList,
    status: 200,
    paginated: true,
  }),
  getJob: route({
    operationId: 'getJob',
    method: 'GET',
    path: '/v1/jobs/{id}',
    role: 'viewer',
    summary: 'Get one job',
    params: IdParams,
    response: Job,
    status: 200,
  }),
  retryJob: route({
    operationId: 'retryJob',
    method: 'POST',
    path: '/v1/jobs/{id}/retry',
    role: 'admin',
    summary: 'Queue a dead job again (409 unless it is dead)',
    params: IdParams,
    body: EmptyObject.optional(),
    response: Job,
    errors: { 409: 'The job is not dead' },
    status: 200,
  }),
  ...reconcilerRoutes,
} as const;

export type Routes = typeof routes;
export type OperationId = keyof Routes;
export type ResponseOf<K extends OperationId> = z.infer<Routes[K]['response']>;
