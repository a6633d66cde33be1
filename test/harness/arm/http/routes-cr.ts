/** Microsoft.ContainerRegistry routes (api-version 2025-11-01): registries, scope maps, tokens, credentials. */
import { containerRegistryOperationUrls, retryAfter } from '../lro/respond.js';
import { SENSITIVE } from '../recording/redact.js';
import type { ProvisioningState } from '../state/records.js';
import { listRegistries, renderRegistry } from '../state/registries.js';
import {
  beginDeleteScopeMap,
  finishDeleteScopeMap,
  getScopeMap,
  listScopeMaps,
  patchScopeMap,
  putScopeMap,
  renderScopeMap,
} from '../state/scope-maps.js';
import {
  beginDeleteToken,
  checkGenerateCredentials,
  finishDeleteToken,
  generateCredentials,
  getToken,
  listTokens,
  patchToken,
  putToken,
  renderToken,
} from '../state/tokens.js';
import { bodyObject, type EmulatorEnv, type HttpResult, type RequestContext, type Route } from './context.js';

const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const REG = `${RG}/providers/Microsoft.ContainerRegistry/registries/{registryName}`;

function initialState(env: EmulatorEnv): ProvisioningState {
  return env.lro.synchronous ? 'Succeeded' : 'Creating';
}

interface Provisioned {
  id: string;
  provisioningState: ProvisioningState;
}

/**
 * PUT answer shared by scope maps and tokens: a replaced resource → 200 (done); a new one → 201 with
 * `Azure-AsyncOperation` and provisioningState Creating, Succeeded once the operation completes.
 */
function putAnswer(env: EmulatorEnv, record: Provisioned, created: boolean, render: () => unknown): HttpResult {
  if (!created || env.lro.synchronous) {
    record.provisioningState = 'Succeeded';
    return { status: 200, body: render() };
  }
  const opId = env.ops.start({
    complete: () => {
      record.provisioningState = 'Succeeded';
    },
  });
  const urls = containerRegistryOperationUrls(env, record.id, opId);
  return { status: 201, headers: { 'azure-asyncoperation': urls.status, ...retryAfter(env) }, body: render() };
}

/** PATCH answer: 200 when synchronous, else 201 + `Azure-AsyncOperation` with provisioningState Updating. */
function patchAnswer(env: EmulatorEnv, record: Provisioned, render: () => unknown): HttpResult {
  if (env.lro.synchronous) return { status: 200, body: render() };
  const opId = env.ops.start({
    complete: () => {
      record.provisioningState = 'Succeeded';
    },
  });
  const urls = containerRegistryOperationUrls(env, record.id, opId);
  return { status: 201, headers: { 'azure-asyncoperation': urls.status, ...retryAfter(env) }, body: render() };
}

/** DELETE answer: gone → 204; synchronous → 200; else 202 + `Location` until the resource is removed. */
function deleteAnswer(env: EmulatorEnv, record: Provisioned | undefined, remove: () => void): HttpResult {
  if (!record) return { status: 204 };
  if (env.lro.synchronous) {
    remove();
    return { status: 200 };
  }
  const opId = env.ops.start({ complete: () => remove() });
  const urls = containerRegistryOperationUrls(env, record.id, opId);
  return { status: 202, headers: { location: urls.result, ...retryAfter(env) } };
}

const p = (ctx: RequestContext) => ({
  resourceGroup: ctx.params.resourceGroupName!,
  registry: ctx.params.registryName!,
});

export const containerRegistryRoutes: Route[] = [
  {
    method: 'GET',
    template: `${SUB}/providers/Microsoft.ContainerRegistry/registries`,
    operationId: 'Registries_List',
    provider: 'cr',
    handler: (_ctx, env) => ({ status: 200, body: { value: listRegistries(env.model).map(renderRegistry) } }),
  },
  {
    method: 'GET',
    template: `${RG}/providers/Microsoft.ContainerRegistry/registries`,
    operationId: 'Registries_ListByResourceGroup',
    provider: 'cr',
    handler: (ctx, env) => {
      env.model.requireResourceGroup(ctx.params.resourceGroupName!);
      return {
        status: 200,
        body: { value: listRegistries(env.model, ctx.params.resourceGroupName).map(renderRegistry) },
      };
    },
  },
  {
    method: 'GET',
    template: REG,
    operationId: 'Registries_Get',
    provider: 'cr',
    handler: (ctx, env) => ({
      status: 200,
      body: renderRegistry(env.model.requireRegistry(ctx.params.resourceGroupName!, ctx.params.registryName!)),
    }),
  },
  {
    method: 'POST',
    template: `${REG}/generateCredentials`,
    operationId: 'Registries_GenerateCredentials',
    provider: 'cr',
    handler: (ctx, env) => {
      const { resourceGroup, registry } = p(ctx);
      const checked = checkGenerateCredentials(env.model, resourceGroup, registry, bodyObject(ctx));
      if (env.lro.synchronous) {
        return { status: 200, body: generateCredentials(env.model, checked.token, checked.names, checked.expiry) };
      }
      // Passwords are generated when the operation completes and served once by its Location URL.
      const opId = env.ops.start({
        complete: () => generateCredentials(env.model, checked.token, checked.names, checked.expiry),
        redactResult: (result) => {
          const r = result as { username: string; passwords: Array<Record<string, unknown>> };
          return { ...r, passwords: r.passwords.map((pw) => ({ ...pw, value: SENSITIVE })) };
        },
      });
      const urls = containerRegistryOperationUrls(env, env.model.requireRegistry(resourceGroup, registry).id, opId);
      return { status: 202, headers: { location: urls.result, ...retryAfter(env) } };
    },
  },
  {
    method: 'GET',
    template: `${REG}/scopeMaps`,
    operationId: 'ScopeMaps_List',
    provider: 'cr',
    handler: (ctx, env) => ({
      status: 200,
      body: { value: listScopeMaps(env.model, p(ctx).resourceGroup, p(ctx).registry).map(renderScopeMap) },
    }),
  },
  {
    method: 'GET',
    template: `${REG}/scopeMaps/{scopeMapName}`,
    operationId: 'ScopeMaps_Get',
    provider: 'cr',
    handler: (ctx, env) => ({
      status: 200,
      body: renderScopeMap(getScopeMap(env.model, { ...p(ctx), name: ctx.params.scopeMapName! })),
    }),
  },
  {
    method: 'PUT',
    template: `${REG}/scopeMaps/{scopeMapName}`,
    operationId: 'ScopeMaps_Create',
    provider: 'cr',
    handler: (ctx, env) => {
      const ref = { ...p(ctx), name: ctx.params.scopeMapName! };
      const { record, created } = putScopeMap(env.model, ref, bodyObject(ctx), initialState(env));
      return putAnswer(env, record, created, () => renderScopeMap(record));
    },
  },
  {
    method: 'PATCH',
    template: `${REG}/scopeMaps/{scopeMapName}`,
    operationId: 'ScopeMaps_Update',
    provider: 'cr',
    handler: (ctx, env) => {
      const ref = { ...p(ctx), name: ctx.params.scopeMapName! };
      const record = patchScopeMap(env.model, ref, bodyObject(ctx), env.lro.synchronous ? 'Succeeded' : 'Updating');
      return patchAnswer(env, record, () => renderScopeMap(record));
    },
  },
  {
    method: 'DELETE',
    template: `${REG}/scopeMaps/{scopeMapName}`,
    operationId: 'ScopeMaps_Delete',
    provider: 'cr',
    handler: (ctx, env) => {
      const record = beginDeleteScopeMap(env.model, { ...p(ctx), name: ctx.params.scopeMapName! });
      return deleteAnswer(env, record, () => record && finishDeleteScopeMap(env.model, record));
    },
  },
  {
    method: 'GET',
    template: `${REG}/tokens`,
    operationId: 'Tokens_List',
    provider: 'cr',
    handler: (ctx, env) => ({
      status: 200,
      body: { value: listTokens(env.model, p(ctx).resourceGroup, p(ctx).registry).map(renderToken) },
    }),
  },
  {
    method: 'GET',
    template: `${REG}/tokens/{tokenName}`,
    operationId: 'Tokens_Get',
    provider: 'cr',
    handler: (ctx, env) => ({
      status: 200,
      body: renderToken(getToken(env.model, { ...p(ctx), name: ctx.params.tokenName! })),
    }),
  },
  {
    method: 'PUT',
    template: `${REG}/tokens/{tokenName}`,
    operationId: 'Tokens_Create',
    provider: 'cr',
    handler: (ctx, env) => {
      const ref = { ...p(ctx), name: ctx.params.tokenName! };
      const { record, created } = putToken(env.model, ref, bodyObject(ctx), initialState(env));
      return putAnswer(env, record, created, () => renderToken(record));
    },
  },
  {
    method: 'PATCH',
    template: `${REG}/tokens/{tokenName}`,
    operationId: 'Tokens_Update',
    provider: 'cr',
    handler: (ctx, env) => {
      const ref = { ...p(ctx), name: ctx.params.tokenName! };
      const record = patchToken(env.model, ref, bodyObject(ctx), env.lro.synchronous ? 'Succeeded' : 'Updating');
      return patchAnswer(env, record, () => renderToken(record));
    },
  },
  {
    method: 'DELETE',
    template: `${REG}/tokens/{tokenName}`,
    operationId: 'Tokens_Delete',
    provider: 'cr',
    handler: (ctx, env) => {
      const record = beginDeleteToken(env.model, { ...p(ctx), name: ctx.params.tokenName! });
      return deleteAnswer(env, record, () => record && finishDeleteToken(env.model, record));
    },
  },
];
