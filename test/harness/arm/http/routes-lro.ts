/** The operation URLs handed out in `Azure-AsyncOperation` and `Location` headers. */
import { ArmError } from '../errors/arm-error.js';
import { renderResult, renderStatus } from '../lro/respond.js';
import type { EmulatorEnv, HttpResult, RequestContext, Route } from './context.js';

async function poll(ctx: RequestContext, env: EmulatorEnv, kind: 'status' | 'result'): Promise<HttpResult> {
  const snap = await env.ops.poll(ctx.params.operationId!);
  if (!snap) {
    throw new ArmError(404, 'OperationNotFound', `The operation '${ctx.params.operationId}' could not be found.`);
  }
  return kind === 'status' ? renderStatus(ctx.url, snap, env) : renderResult(ctx.url, snap, env);
}

const CR_RESOURCE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}';
const EG_LOCATION = '/subscriptions/{subscriptionId}/providers/Microsoft.EventGrid/locations/{location}';

export const operationRoutes: Route[] = [
  { template: `${CR_RESOURCE}/operationStatuses/{operationId}`, kind: 'status' as const },
  { template: `${CR_RESOURCE}/operationResults/{operationId}`, kind: 'result' as const },
  { template: `${CR_RESOURCE}/{childType}/{childName}/operationStatuses/{operationId}`, kind: 'status' as const },
  { template: `${CR_RESOURCE}/{childType}/{childName}/operationResults/{operationId}`, kind: 'result' as const },
  { template: `${EG_LOCATION}/operationsStatus/{operationId}`, kind: 'status' as const },
  { template: `${EG_LOCATION}/operationResults/{operationId}`, kind: 'result' as const },
].map(({ template, kind }) => ({
  method: 'GET',
  template,
  operationId: undefined,
  provider: undefined,
  handler: (ctx: RequestContext, env: EmulatorEnv) => poll(ctx, env, kind),
}));
