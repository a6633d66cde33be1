import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../../harness/tls/index.js';

const exec = promisify(execFile);
/** The CLI from source (no build needed): the same `scout-acr validate` users run. */
const CLI = ['--import', 'tsx', '--conditions=@scout-acr/source', join(repoRoot, 'packages/reconciler/src/cli.ts')];
/** What `.sandbox/env` (or a Kubernetes Secret, or CI variables) provides to the examples' references. */
const ENV = {
  SCOUT_ACR_SERVER: 'http://127.0.0.1:8080',
  SCOUT_ACR_API_KEY: 'sacr_examples_test_key_not_a_real_one',
  SCOUT_ACR_ARM_ENDPOINT: 'https://127.0.0.1:8443',
  AZURE_SUBSCRIPTION_ID: '11111111-2222-3333-4444-555555555555',
};

const MANIFESTS = ['examples/kubernetes/cronjob.yaml', 'examples/kubernetes/sidecar-deployment.yaml'];
const WORKFLOW = 'examples/ci/github-actions.yml';
const CONFIGS = ['examples/demo/scout-acr.yaml', 'examples/configs/azure.scout-acr.yaml'];

async function parseYaml(path: string): Promise<unknown[]> {
  const docs = parseAllDocuments(await readFile(join(repoRoot, path), 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${path}: not a YAML stream`);
  for (const doc of docs) expect(doc.errors.map((e) => `${path}: ${e.message}`)).toEqual([]);
  return docs.map((doc) => doc.toJS());
}

type Manifest = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: unknown };

async function validate(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...CLI, 'validate', '--json', '-f', file], {
      env: { ...process.env, ...ENV },
      cwd: repoRoot,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The examples are documentation people copy: they must parse, and every scout-acr.yaml in them must validate. */
describe('examples: Kubernetes manifests, CI workflow and configs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scout-acr-examples-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('parses the Kubernetes manifests and finds the objects the docs describe', async () => {
    const cron = (await parseYaml(MANIFESTS[0] as string)) as Manifest[];
    expect(cron.map((m) => m.kind)).toEqual(['ServiceAccount', 'ConfigMap', 'CronJob']);
    const container = (cron[2] as { spec: { jobTemplate: { spec: { template: { spec: PodSpec } } } } }).spec.jobTemplate
      .spec.template.spec.containers[0] as Container;
    expect(container.args.slice(0, 2)).toEqual(['run', '--once']);
    expect(container.env.find((e) => e.name === 'SCOUT_ACR_API_KEY')?.valueFrom?.secretKeyRef?.name).toBe(
      'scout-acr-api-key',
    );

    const sidecar = (await parseYaml(MANIFESTS[1] as string)) as Manifest[];
    expect(sidecar.map((m) => m.kind)).toEqual([
      'ServiceAccount',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Deployment',
      'Service',
    ]);
    const pod = (sidecar[3] as { spec: { template: { spec: PodSpec; metadata: { annotations: object } } } }).spec
      .template;
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
    const [server, reconciler] = pod.spec.containers as [Container, Container];
    expect(server.readinessProbe?.httpGet.path).toBe('/readyz');
    expect(server.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(reconciler.args[0]).toBe('run');
    expect(reconciler.livenessProbe?.httpGet.path).toBe('/healthz');
    expect(reconciler.startupProbe?.httpGet.path).toBe('/readyz');
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
  });

  it('parses the CI workflow: plan on pull requests with --detailed-exitcode, apply on main', async () => {
    const [workflow] = (await parseYaml(WORKFLOW)) as Array<{
      jobs: Record<string, { if: string; permissions: Record<string, string>; steps: Array<{ run?: string }> }>;
    }>;
    const { plan, apply } = workflow?.jobs ?? {};
    expect(plan?.permissions['id-token']).toBe('write');
    expect(plan?.steps.some((s) => /plan .*--no-color --detailed-exitcode/.test(s.run ?? ''))).toBe(true);
    expect(apply?.if).toContain('refs/heads/main');
    expect(apply?.steps.some((s) => /apply plan\.json/.test(s.run ?? ''))).toBe(true);
  });

  it('validates every example config with `scout-acr validate`, including those inside ConfigMaps', async () => {
    const files = CONFIGS.map((f) => join(repoRoot, f));
    for (const manifest of MANIFESTS) {
      const configMap = ((await parseYaml(manifest)) as Manifest[]).find((m) => m.kind === 'ConfigMap');
      const text = configMap?.data?.['scout-acr.yaml'];
      expect(text, `${manifest}: ConfigMap with scout-acr.yaml`).toBeTypeOf('string');
      const file = join(dir, `${manifest.replace(/\W+/g, '-')}.scout-acr.yaml`);
      await writeFile(file, text as string);
      files.push(file);
    }
    const results = await Promise.all(files.map(async (file) => ({ file, ...(await validate(file)) })));
    for (const { file, code, stdout, stderr } of results) {
      expect({ file, code, stderr }).toEqual({ file, code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toMatchObject({ valid: true });
    }
  });

  it('the demo config is the issue’s minimal config for the sandbox', async () => {
    const [config] = (await parseYaml(CONFIGS[0] as string)) as Array<{
      registries: Array<{ name: string; resourceGroup: string; repositories: unknown }>;
    }>;
    expect(config?.registries[0]).toEqual({
      subscriptionId: '${env:AZURE_SUBSCRIPTION_ID}',
      resourceGroup: 'rg-containers',
      name: 'contoso',
      repositories: { include: ['app/*'] },
    });
  });

  it('reports a broken config with its position (the check above can fail)', async () => {
    const file = join(dir, 'broken.scout-acr.yaml');
    await writeFile(file, 'version: 1\nserver:\n  url: not-a-url\n  apiKey: inline-secret\nregistries: []\n');
    const result = await validate(file);
    expect(result.code).toBe(65);
    const issues = (JSON.parse(result.stdout) as { issues: Array<{ line: number; path: string }> }).issues;
    expect(issues.map((i) => i.line).sort()).toEqual([3, 4]);
    expect(result.stdout).not.toContain('inline-secret');
  });
});

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  args: string[];
  env: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string } } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
}
