/**
 * The insight commands end to end: the BUILT `scout-acr` binary against a server holding analyzed images with
 * real findings. Every format is validated (SARIF 2.1.0, GitLab container scanning, CycloneDX 1.6, SPDX 2.3 against
 * their schemas; JSON parsed and checked against the API), the filters against the API's own filtering, exit codes
 * for each documented failure, and the text output for its content. No output may carry an API key.
 */
import type { Vulnerability } from '@scout-acr/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycloneDxValidator, sarifValidator, vendoredValidator } from '../../../packages/sdk/test/formats/schemas.js';
import { type CliResult, requireBuiltCli, scoutAcr } from './run-cli.js';
import { type InsightsWorld, startInsightsWorld } from './world.js';

let w: InsightsWorld;
let apiFindings: Vulnerability[];
const outputs: CliResult[] = [];

/** Runs the CLI with the admin key in the environment and remembers the output for the secret check. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const result = await scoutAcr(args, { SCOUT_ACR_SERVER: w.serverUrl, SCOUT_ACR_API_KEY: w.adminKey, ...env });
  outputs.push(result);
  return result;
}

async function ok(args: string[]): Promise<string> {
  const result = await run(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

const v1 = () => `${w.loginServer}/shop/api:v1`;
const v2 = () => `${w.loginServer}/shop/api:v2`;

beforeAll(async () => {
  requireBuiltCli();
  w = await startInsightsWorld();
  apiFindings = [];
  for await (const v of w.client.images.vulnerabilities(w.integrationId, w.images.v1.digest)) apiFindings.push(v);
}, 240_000);

afterAll(async () => {
  await w?.close();
});

describe('scout-acr quickview', () => {
  it('summarises the image and identifies its base image by shared layers', async () => {
    const text = await ok(['quickview', v1()]);
    const counts = w.images.v1.vulnerabilities as Record<string, number>;
    expect(apiFindings.length).toBeGreaterThan(0);
    expect(text).toContain(`Image:            ${v1()}`);
    expect(text).toMatch(/Platform: +linux\/amd64/);
    expect(text).toContain(w.images.v1.digest);
    expect(text).toContain(`${counts.critical}C ${counts.high}H ${counts.medium}M ${counts.low}L`);
    expect(text).toMatch(new RegExp(`Packages: +${w.images.v1.packageCount}\\n`));
    expect(text).toMatch(/Analyzed at: +\d{4}-\d\d-\d\dT/);
    expect(text).toMatch(/Database age: +newest record \d+[smhd] old, imported \d{4}-/);
    expect(text).toContain('Base image (shares its first 1 of 2 layers)');
    expect(text).toContain(`${w.loginServer}/shop/base:1`);
    expect(text).not.toContain('\u001b[');
  });

  it('prints JSON and says when no base image is identified', async () => {
    const doc = JSON.parse(await ok(['quickview', `${w.loginServer}/shop/base:1`, '--format', 'json'])) as {
      image: { digest: string };
      baseImage: unknown;
      vulnerabilityDatabase: { present: boolean };
    };
    expect(doc).toMatchObject({ image: { digest: w.images.base.digest }, baseImage: null });
    expect(doc.vulnerabilityDatabase.present).toBe(true);
    expect(await ok(['quickview', `${w.loginServer}/shop/base:1`])).toContain('Base image: none identified');
  });
});

describe('scout-acr cves', () => {
  it('lists every finding grouped by package as text', async () => {
    const text = await ok(['cves', v1()]);
    expect(text).toContain(`${apiFindings.length} vulnerabilities`);
    expect(text).toMatch(/libgnutls30 3\.7\.3-4ubuntu1\.3 +deb/);
    expect(text).toMatch(/CVE-2024-0553 +\w+ +[\d.-]+ +.+ +fixed in 3\.7\.3-4ubuntu1\.4 +https:\/\//);
    expect(text).toMatch(/lodash 4\.17\.15 +npm/);
    expect(text).toMatch(/CVE-2021-23337 .+fixed in 4\.17\.21/);
    expect(text).toMatch(/requests 2\.30\.0 +pypi/);
    for (const v of apiFindings) expect(text).toContain(v.id);
    expect(text).not.toContain('\u001b[');
  });

  it('prints the documented JSON: image, counts and findings grouped by package', async () => {
    const doc = JSON.parse(await ok(['cves', v1(), '--format', 'json'])) as {
      image: { digest: string; loginServer: string; repository: string };
      total: number;
      counts: Record<string, number>;
      packages: Array<{ purl: string; name: string; findings: Vulnerability[] }>;
    };
    expect(doc.image).toMatchObject({ digest: w.images.v1.digest, loginServer: w.loginServer, repository: 'shop/api' });
    expect(doc.total).toBe(apiFindings.length);
    expect(doc.counts).toEqual(w.images.v1.vulnerabilities);
    const flat = doc.packages.flatMap((p) => p.findings.map((f) => ({ purl: p.purl, f })));
    expect(flat).toHaveLength(apiFindings.length);
    for (const { purl, f } of flat) {
      expect(f.package.purl).toBe(purl);
      expect(f).toMatchObject({ id: expect.any(String), severity: expect.any(String), url: expect.any(String) });
    }
    expect(doc.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['libgnutls30', 'lodash', 'requests']));
  });

  it('renders SARIF 2.1.0 that validates against the schema', async () => {
    const sarif = JSON.parse(await ok(['cves', v1(), '--format', 'sarif'])) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarifValidator()(sarif)).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(apiFindings.length);
  });

  it('renders a GitLab container-scanning report that validates, and Markdown for a PR comment', async () => {
    const gitlab = JSON.parse(await ok(['cves', v1(), '--format', 'gitlab'])) as { vulnerabilities: unknown[] };
    expect(vendoredValidator('gitlab-container-scanning-15.subset.schema.json')(gitlab)).toEqual([]);
    expect(gitlab.vulnerabilities).toHaveLength(apiFindings.length);
    const markdown = await ok(['cves', v1(), '--format', 'markdown']);
    expect(markdown).toMatch(/^#+ /m);
    expect(markdown).toContain('|');
    expect(markdown).toContain('CVE-2024-0553');
  });

  it('filters like the API does', async () => {
    const ids = async (args: string[]) =>
      (
        JSON.parse(await ok(['cves', v1(), '--format', 'json', ...args])) as {
          packages: Array<{ findings: Vulnerability[] }>;
        }
      ).packages
        .flatMap((p) => p.findings.map((f) => f.id))
        .sort();
    const expected = (pred: (v: Vulnerability) => boolean) =>
      apiFindings
        .filter(pred)
        .map((v) => v.id)
        .sort();
    expect(await ids(['--only-severity', 'critical,high'])).toEqual(
      expected((v) => v.severity === 'critical' || v.severity === 'high'),
    );
    expect(await ids(['--only-fixed'])).toEqual(expected((v) => v.fixedVersions.length > 0));
    expect(await ids(['--only-unfixed'])).toEqual(expected((v) => v.fixedVersions.length === 0));
    const npm = await ids(['--only-package-type', 'npm']);
    expect(npm.length).toBeGreaterThan(0);
    expect(npm).toEqual(expected((v) => v.package.type === 'npm'));
    expect(await ids(['--only-cve-id', 'PYSEC-2023-74'])).toEqual(['CVE-2023-32681']);
    expect(await ids(['--only-package-type', 'deb', '--only-cve-id', 'CVE-2021-23337'])).toEqual([]);
  });

  it('--exit-code exits 2 while findings remain after the filters, 0 when none do', async () => {
    const remaining = await run(['cves', v1(), '--exit-code', '--only-package-type', 'npm']);
    expect(remaining.code).toBe(2);
    expect(remaining.stdout).toContain('lodash');
    const none = await run(['cves', v1(), '--exit-code', '--only-cve-id', 'CVE-1999-0001']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('0 vulnerabilities');
  });

  it('takes a repo@digest and a bare digest', async () => {
    const byDigest = await ok(['cves', `${w.loginServer}/shop/api@${w.images.v1.digest}`, '--format', 'json']);
    expect((JSON.parse(byDigest) as { total: number }).total).toBe(apiFindings.length);
    const bare = await ok(['cves', w.images.v1.digest, '--format', 'json', '--only-cve-id', 'CVE-2024-0553']);
    expect((JSON.parse(bare) as { total: number }).total).toBe(1);
  });
});

describe('failures have distinct exit codes', () => {
  it('unknown image or registry: 3; bad reference or filter: 64', async () => {
    const missing = await run(['cves', `${w.loginServer}/shop/api:nope`]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('not found');
    expect((await run(['quickview', 'other.azurecr.io/shop/api:v1'])).code).toBe(3);
    expect((await run(['cves', 'shop/api:v1'])).code).toBe(64);
    expect((await run(['cves', v1(), '--only-severity', 'severe'])).code).toBe(64);
    expect((await run(['cves', v1(), '--format', 'yaml'])).code).toBe(64);
  });

  it('bad key: 77; unreachable server: 69; neither prints the key', async () => {
    const bad = await run(['cves', v1()], { SCOUT_ACR_API_KEY: 'sacr_not_a_real_key_0000' });
    expect(bad.code).toBe(77);
    expect(bad.stderr).toMatch(/not authorized/);
    const down = await run(['cves', v1(), '--server', 'http://127.0.0.1:9']);
    expect(down.code).toBe(69);
    expect(down.stderr).toMatch(/server unreachable/);
  });

  it('documents the codes in --help', async () => {
    const help = await ok(['cves', '--help']);
    for (const line of ['3   unknown image', '4   image not analyzed', '69  server unreachable', '77  not authorized'])
      expect(help).toContain(line);
  });
});

describe('scout-acr sbom', () => {
  it('downloads CycloneDX 1.6 and SPDX 2.3 that validate', async () => {
    const cdx = JSON.parse(await ok(['sbom', v1(), '--format', 'cyclonedx'])) as { specVersion: string };
    expect(cycloneDxValidator()(cdx)).toEqual([]);
    expect(cdx.specVersion).toBe('1.6');
    const spdx = JSON.parse(await ok(['sbom', v1(), '--format', 'spdx']));
    expect(vendoredValidator('spdx-2.3.subset.schema.json')(spdx)).toEqual([]);
  });

  it('prints the packages as JSON and as an aligned list', async () => {
    const doc = JSON.parse(await ok(['sbom', v1(), '--format', 'json'])) as { packages: Array<{ name: string }> };
    expect(doc.packages).toHaveLength(w.images.v1.packageCount as number);
    const list = await ok(['sbom', v1(), '--format', 'list']);
    expect(list).toMatch(/^NAME +VERSION +TYPE +LICENSES +LAYER$/m);
    expect(list).toMatch(/^lodash +4\.17\.15 +npm /m);
    expect(list).toContain(`${w.images.v1.packageCount} packages`);
  });
});

describe('scout-acr compare', () => {
  it('shows the packages changed and the findings removed by the fix', async () => {
    const text = await ok(['compare', v2(), '--to', v1()]);
    expect(text).toMatch(/~ +lodash +4\.17\.15 +4\.17\.21 +npm/);
    expect(text).toMatch(/- +CVE-2021-23337 /);
    const diff = JSON.parse(await ok(['compare', v2(), '--to', v1(), '--format', 'json'])) as {
      vulnerabilities: { added: unknown[]; removed: Vulnerability[] };
    };
    expect(diff.vulnerabilities.added).toEqual([]);
    expect(diff.vulnerabilities.removed.map((v) => v.id)).toEqual(
      expect.arrayContaining(['CVE-2021-23337', 'CVE-2023-32681']),
    );
  });

  it('--exit-on vulnerability exits 2 only when the new image adds findings', async () => {
    expect((await run(['compare', v2(), '--to', v1(), '--exit-on', 'vulnerability'])).code).toBe(0);
    const worse = await run(['compare', v1(), '--to', v2(), '--exit-on', 'vulnerability']);
    expect(worse.code).toBe(2);
    expect(worse.stdout).toMatch(/\+ +CVE-2021-23337 /);
  });
});

describe('scout-acr repo and integration', () => {
  it('lists, gets and tests the integration', async () => {
    expect(await ok(['integration', 'list'])).toMatch(new RegExp(`${w.integrationId} +${w.loginServer} +CONNECTED`));
    expect(await ok(['integration', 'get', w.loginServer])).toMatch(/Status: +CONNECTED/);
    const tested = JSON.parse(await ok(['integration', 'test', w.integrationId, '--json'])) as Record<string, unknown>;
    expect(tested).toMatchObject({ id: w.integrationId, status: 'CONNECTED' });
    expect(tested).not.toHaveProperty('webhookUrl');
  });

  it('enables and disables repositories; a viewer key may list but not toggle', async () => {
    expect(await ok(['repo', 'list', w.loginServer, '--active'])).toMatch(/^shop\/api +enabled /m);
    expect(await ok(['repo', 'disable', w.loginServer, 'shop/base'])).toContain('disabled shop/base');
    expect(await ok(['repo', 'list', w.loginServer])).toMatch(/^shop\/base +disabled /m);
    expect(await ok(['repo', 'enable', w.loginServer, 'shop/base'])).toContain('enabled shop/base');
    const viewer = { SCOUT_ACR_API_KEY: w.viewerKey };
    expect((await run(['repo', 'list', w.loginServer], viewer)).code).toBe(0);
    expect((await run(['repo', 'disable', w.loginServer, 'shop/base'], viewer)).code).toBe(77);
  });
});

describe('secrets', () => {
  it('no output carries an API key', () => {
    expect(outputs.length).toBeGreaterThan(20);
    for (const { stdout, stderr } of outputs) {
      for (const key of [w.adminKey, w.viewerKey]) {
        expect(stdout).not.toContain(key);
        expect(stderr).not.toContain(key);
      }
    }
  });
});
