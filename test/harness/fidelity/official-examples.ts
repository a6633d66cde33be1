import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isRecord } from './arm-rules.js';
import { FidelityHarnessError } from './errors.js';
import { azureFixturesRoot, swaggerFiles } from './spec-files.js';
import type { RecordedExchange } from './types.js';

/** A swagger parameter after `$ref` resolution: where it goes and under which name. */
interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
}

/** One response of an official example, keyed by its status code. */
export interface ExampleResponse {
  headers: Record<string, string>;
  body: unknown;
}

/** An `x-ms-examples` file of the two swaggers, with its request already laid out as HTTP. */
export interface OfficialExample {
  /** Path relative to fixtures/azure, for messages. */
  file: string;
  /** The `x-ms-examples` key. */
  title: string;
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  pathTemplate: string;
  parameters: Record<string, unknown>;
  /** Path with the example's path parameters substituted, plus its query parameters (always `api-version`). */
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  responses: Record<string, ExampleResponse>;
}

/**
 * Every `x-ms-examples` file of the two swaggers that is present in the fixtures (only the operations
 * scout-acr uses were copied; the other references are left dangling on purpose, see fixtures/azure/SOURCES.md).
 */
export function loadOfficialExamples(): OfficialExample[] {
  const examples: OfficialExample[] = [];
  for (const swagger of swaggerFiles) {
    const spec = readJson(swagger.path);
    const paths = isRecord(spec.paths) ? spec.paths : {};
    for (const [pathTemplate, item] of Object.entries(paths)) {
      if (!isRecord(item)) continue;
      const shared = resolveParameters(swagger.path, item.parameters);
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters' || !isRecord(operation)) continue;
        const parameters = [...shared, ...resolveParameters(swagger.path, operation.parameters)];
        const refs = isRecord(operation['x-ms-examples']) ? operation['x-ms-examples'] : {};
        for (const [title, ref] of Object.entries(refs)) {
          if (!isRecord(ref) || typeof ref.$ref !== 'string') continue;
          const file = resolve(dirname(swagger.path), ref.$ref);
          if (!existsSync(file)) continue;
          examples.push(
            toExample(file, title, String(operation.operationId), method, pathTemplate, parameters, readJson(file)),
          );
        }
      }
    }
  }
  return examples;
}

/** The example as recorded exchanges, one per response status it documents. */
export function exampleExchanges(example: OfficialExample): RecordedExchange[] {
  return Object.entries(example.responses).map(([status, response]) => ({
    operationId: example.operationId,
    request: {
      method: example.method,
      url: `https://management.azure.com${example.url}`,
      headers: {
        ...example.requestHeaders,
        ...(example.requestBody === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: example.requestBody,
    },
    response: {
      statusCode: Number(status),
      headers: { ...(response.body === undefined ? {} : { 'content-type': 'application/json' }), ...response.headers },
      body: response.body,
    },
    startedAt: 0,
    durationMs: 0,
  }));
}

function toExample(
  file: string,
  title: string,
  operationId: string,
  method: string,
  pathTemplate: string,
  swaggerParameters: SwaggerParameter[],
  content: Record<string, unknown>,
): OfficialExample {
  const values = isRecord(content.parameters) ? content.parameters : {};
  const where = relative(azureFixturesRoot, file);
  const path = pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new FidelityHarnessError(`${where}: no value for path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  const requestHeaders: Record<string, string> = {};
  let requestBody: unknown;
  for (const parameter of swaggerParameters) {
    const value = values[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === 'query') query.append(parameter.name, String(value));
    else if (parameter.in === 'header') requestHeaders[parameter.name.toLowerCase()] = String(value);
    else if (parameter.in === 'body') requestBody = value;
  }
  const responses: Record<string, ExampleResponse> = {};
  for (const [status, response] of Object.entries(isRecord(content.responses) ? content.responses : {})) {
    const headers = isRecord(response) && isRecord(response.headers) ? response.headers : {};
    responses[status] = {
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)])),
      body: isRecord(response) ? response.body : undefined,
    };
  }
  return {
    file: where,
    title,
    operationId,
    method: method.toUpperCase(),
    pathTemplate,
    parameters: values,
    url: `${path}?${query.toString()}`,
    requestHeaders,
    requestBody,
    responses,
  };
}

function resolveParameters(fromFile: string, list: unknown): SwaggerParameter[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => {
    const parameter = resolveRef(fromFile, entry);
    if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') {
      throw new FidelityHarnessError(`${fromFile}: unreadable parameter ${JSON.stringify(entry)}`);
    }
    return { name: parameter.name, in: parameter.in as SwaggerParameter['in'] };
  });
}

function resolveRef(fromFile: string, entry: unknown): Record<string, unknown> {
  if (!isRecord(entry)) return {};
  if (typeof entry.$ref !== 'string') return entry;
  const [filePart, pointer = ''] = entry.$ref.split('#');
  const file = filePart ? resolve(dirname(fromFile), filePart) : fromFile;
  let node: unknown = readJson(file);
  for (const segment of pointer.split('/').filter(Boolean)) {
    node = isRecord(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return resolveRef(file, node);
}

const jsonCache = new Map<string, Record<string, unknown>>();

function readJson(file: string): Record<string, unknown> {
  let value = jsonCache.get(file);
  if (value === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isRecord(parsed)) throw new FidelityHarnessError(`${file}: not a JSON object`);
    value = parsed;
    jsonCache.set(file, value);
  }
  return value;
}
