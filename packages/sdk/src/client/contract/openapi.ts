import { z } from 'zod';
import { ApiErrorBody, contractSchemas } from './common.js';
import { type RouteDef, routes } from './routes.js';

type Json = Record<string, unknown>;

const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;

/** The `$ref` of a schema registered in the contract, or its inline JSON Schema. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const meta = contractSchemas.get(schema);
  if (meta) return { $ref: SCHEMA_REF(meta.id) };
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const innerMeta = contractSchemas.get(inner);
  if (innerMeta) return { $ref: SCHEMA_REF(innerMeta.id) };
  const { $schema: _drop, ...rest } = z.toJSONSchema(inner, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parametersOf(def: RouteDef): Json[] {
  const out: Json[] = [];
  for (const [where, shape] of [
    ['path', def.params?.shape],
    ['query', def.query?.shape],
  ] as const) {
    if (!shape) continue;
    for (const [name, field] of Object.entries(shape as Record<string, z.ZodType>)) {
      const optional = field.safeParse(undefined).success;
      const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
      const { $schema: _drop, ...schema } = z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as Json;
      out.push({ name, in: where, required: where === 'path' || !optional, schema });
    }
  }
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: SCHEMA_REF('ApiError') } } },
});

/**
 * The OpenAPI 3.1 document of the scout-acr server API, generated from the zod contract that the server
 * validates with and `ScoutClient` parses with. Deterministic: same contract, same bytes.
 */
export function buildOpenApiDocument(version: string): Json {
  void ApiErrorBody; // registered in the contract; referenced by every error response
  const { schemas } = z.toJSONSchema(contractSchemas, { uri: SCHEMA_REF, io: 'output', unrepresentable: 'any' }) as {
    schemas: Record<string, Json>;
  };
  const components: Record<string, Json> = {};
  for (const id of Object.keys(schemas).sort()) {
    const { $schema: _s, $id: _i, ...rest } = schemas[id] as Json;
    components[id] = rest;
  }
  const paths: Record<string, Record<string, Json>> = {};
  for (const def of Object.values(routes) as RouteDef[]) {
    const operation: Json = {
      operationId: def.operationId,
      summary: def.summary,
      security: [{ apiKey: [] }],
      'x-scout-role': def.role,
    };
    const parameters = parametersOf(def);
    if (parameters.length > 0) operation.parameters = parameters;
    if (def.body) {
      operation.requestBody = {
        required: !def.body.safeParse(undefined).success,
        content: { 'application/json': { schema: schemaOf(def.body, 'input') } },
      };
    }
    operation.responses = {
      [String(def.status)]: {
        description: def.summary,
        content: { 'application/json': { schema: schemaOf(def.response, 'output') } },
      },
      ...(def.body || def.query ? { '400': errorResponse('The request does not match the contract') } : {}),
      '401': errorResponse('Missing, unknown or revoked API key'),
      ...(def.role === 'admin' ? { '403': errorResponse('The API key is not an admin key') } : {}),
      ...(def.params ? { '404': errorResponse('Not found in the caller’s organization') } : {}),
      ...(def.body ? { '413': errorResponse('The request body is too large') } : {}),
      ...Object.fromEntries(
        Object.entries(def.errors ?? {}).map(([status, error]) => [
          status,
          typeof error === 'string'
            ? errorResponse(error)
            : {
                description: error.description,
                content: { 'application/json': { schema: schemaOf(error.schema, 'output') } },
              },
        ]),
      ),
      '429': errorResponse('Too many requests; honour Retry-After'),
      '503': errorResponse('Temporarily unavailable; honour Retry-After'),
    };
    paths[def.path] ??= {};
    (paths[def.path] as Record<string, Json>)[def.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'scout-acr server API',
      version,
      description:
        'Integrations with Azure Container Registry, repository activation, images, events and jobs. ' +
        'Every route needs `Authorization: Bearer <api key>`; the health routes and the Event Grid webhook do not.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    components: { schemas: components, securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
