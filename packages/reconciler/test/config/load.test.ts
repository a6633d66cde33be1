import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue, parseConfig, type ReferenceResolver } from '../../src/config/index.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const resolver = (env: Record<string, string>, files: Record<string, string> = {}): ReferenceResolver => ({
  env: (name) => env[name],
  file: (path) => files[path],
});
const env = {
  SCOUT_ACR_SERVER: 'http://127.0.0.1:8080',
  SCOUT_ACR_API_KEY: 'sak_admin_very-secret-value',
  SCOUT_ACR_ARM_ENDPOINT: 'https://127.0.0.1:8443',
  AZURE_SUBSCRIPTION_ID: SUB,
};

const MINIMAL = `version: 1
server:
  url: \${env:SCOUT_ACR_SERVER}
  apiKey: \${env:SCOUT_ACR_API_KEY}
azure:
  endpoint: \${env:SCOUT_ACR_ARM_ENDPOINT}   # omitted: Azure public cloud
registries:
  - subscriptionId: \${env:AZURE_SUBSCRIPTION_ID}
    resourceGroup: rg-containers
    name: contoso
    repositories:
      include: ["app/*"]
`;

function issuesOf(text: string, vars: Record<string, string> = env): ConfigIssue[] {
  try {
    parseConfig(text, 'scout-acr.yaml', resolver(vars));
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('accepts the minimal documented file and applies defaults', () => {
    const { config, resolvedValues } = parseConfig(MINIMAL, 'scout-acr.yaml', resolver(env));
    expect(config.server.url).toBe('http://127.0.0.1:8080');
    expect(String(config.server.apiKey)).toBe('(sensitive)');
    expect(config.azure.names).toEqual({
      token: 'docker-scout-readonly-token',
      systemTopic: 'docker-scout-repository',
      eventSubscription: 'image-change',
      scopeMap: 'scout-acr-read',
    });
    expect(config.azure.password).toEqual({ expiresInDays: 90, rotateBeforeDays: 14 });
    expect(config.registries[0]).toMatchObject({
      subscriptionId: SUB,
      resourceGroup: 'rg-containers',
      name: 'contoso',
      repositories: { include: ['app/*'], exclude: [] },
    });
    expect(resolvedValues).toContain(env.SCOUT_ACR_API_KEY);
  });

  it('never puts a resolved secret into an error', () => {
    const text = MINIMAL.replace('name: contoso', 'name: x');
    const issues = issuesOf(text);
    expect(JSON.stringify(issues)).not.toContain(env.SCOUT_ACR_API_KEY);
  });

  it('reads ${file:} references relative to the resolver, trimming the final newline', () => {
    const text = MINIMAL.replace('${env:SCOUT_ACR_API_KEY}', '${file:key.txt}');
    const { config } = parseConfig(text, 'scout-acr.yaml', resolver(env, { 'key.txt': 'from-file\n' }));
    expect((config.server.apiKey as { reveal(): string }).reveal()).toBe('from-file');
  });

  it('refuses an inline API key, pointing at it', () => {
    const issues = issuesOf(MINIMAL.replace('${env:SCOUT_ACR_API_KEY}', 'sak_inline'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 4,
        column: 11,
        path: 'server.apiKey',
        message: expect.stringContaining('reference'),
      }),
    ]);
  });

  it('reports every problem at once with line and column', () => {
    const text = `version: 2
server:
  url: not-a-url
  apiKey: \${env:SCOUT_ACR_API_KEY}
  colour: blue
registries:
  - resourceGroup: rg
    name: ab
`;
    const issues = issuesOf(text);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, `${i.line}:${i.column} ${i.message}`]));
    expect(byPath.version).toMatch(/^1:10 version must be 1/);
    expect(byPath['server.url']).toMatch(/^3:8 must be an http\(s\) URL/);
    expect(byPath['server.colour']).toMatch(/^5:3 unknown field "colour"/);
    expect(byPath['registries[0].name']).toMatch(/^8:11 registry names are 5-50/);
  });

  it('names a missing environment variable and where it is used', () => {
    const { SCOUT_ACR_SERVER: _omit, ...rest } = env;
    const issues = issuesOf(MINIMAL, rest);
    expect(issues).toEqual([
      {
        file: 'scout-acr.yaml',
        line: 3,
        column: 8,
        path: 'server.url',
        message: 'environment variable SCOUT_ACR_SERVER is not set (referenced as ${env:SCOUT_ACR_SERVER})',
      },
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf('version: 1\nserver: [\n');
    expect(issues[0]).toMatchObject({ file: 'scout-acr.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects an empty file', () => {
    expect(issuesOf('')).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: 'the config file is empty' }),
    ]);
  });

  it('rejects duplicate keys', () => {
    const issues = issuesOf(`${MINIMAL}version: 1\n`);
    expect(issues[0]?.message).toMatch(/unique/i);
    expect(issues[0]?.line).toBe(13);
  });

  it('requires a subscription for every registry', () => {
    const text = MINIMAL.replace(
      '  - subscriptionId: ${env:AZURE_SUBSCRIPTION_ID}\n    resourceGroup',
      '  - resourceGroup',
    );
    const issues = issuesOf(text);
    expect(issues).toEqual([
      expect.objectContaining({ path: 'registries[0]', line: 8, message: expect.stringContaining('subscriptionId') }),
    ]);
  });

  it('rejects the same registry twice', () => {
    const text = `${MINIMAL}  - subscriptionId: ${SUB}\n    resourceGroup: rg-containers\n    name: contoso\n`;
    const issues = issuesOf(text);
    expect(issues).toEqual([expect.objectContaining({ path: 'registries[1]', message: 'duplicate of registries[0]' })]);
  });

  it('rejects a token name Azure would refuse', () => {
    const text = MINIMAL.replace('azure:\n', 'azure:\n  names:\n    token: docker_scout\n');
    const issues = issuesOf(text);
    expect(issues[0]).toMatchObject({
      path: 'azure.names.token',
      line: 7,
      message: expect.stringContaining('no underscore'),
    });
  });

  it('rejects rotation lead time not shorter than expiry', () => {
    const text = MINIMAL.replace('azure:\n', 'azure:\n  password:\n    expiresInDays: 10\n    rotateBeforeDays: 10\n');
    const issues = issuesOf(text);
    expect(issues[0]).toMatchObject({ path: 'azure.password.rotateBeforeDays', line: 8 });
  });
});
