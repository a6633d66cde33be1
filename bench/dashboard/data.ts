/**
 * The bench image's content, generated deterministically: ~2,000 npm packages with real-looking names (scoped and
 * unscoped, `<stem>-<suffix>`), each a `node_modules/<name>/package.json`, and ~1,000 OSV records (GHSA ids with
 * CVE aliases, CVSS v3 vectors of every band, fixed and unfixed ranges) that each affect one installed version.
 */

import { mulberry32 } from '../../test/harness/arm/faults/prng.js';

const STEMS = (
  'react vue express lodash webpack babel eslint jest rollup postcss axios moment chalk debug yargs ' +
  'glob semver uuid redux graphql mongoose socket koa next nuxt vite esbuild typescript prettier mocha ' +
  'sinon cheerio marked handlebars pug ws ajv yaml minimist commander inquirer ora dotenv cors helmet ' +
  'passport jsonwebtoken bcrypt sharp pg redis knex sequelize prisma zod joi dayjs luxon rxjs immer'
).split(' ');
const SUFFIXES = (
  'core utils cli loader parser plugin config helpers compat types runtime middleware adapter router ' +
  'server client shared common dom native test-utils preset transform polyfill legacy fs stream cache ' +
  'store hooks'
).split(' ');
const SCOPES = '@acme @babel @types @vue @octo @contoso @fabrikam @northwind'.split(' ');

export interface BenchPackage {
  name: string;
  version: string;
}

/** `count` distinct package names with versions. */
export function benchPackages(count = 2000): BenchPackage[] {
  const random = mulberry32(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const names = new Set<string>();
  const packages: BenchPackage[] = [];
  while (packages.length < count) {
    const base = random() < 0.3 ? pick(STEMS) : `${pick(STEMS)}-${pick(SUFFIXES)}`;
    let name = random() < 0.2 ? `${pick(SCOPES)}/${base}` : base;
    if (names.has(name)) name = `${name}-${packages.length}`;
    names.add(name);
    const version = `${Math.floor(random() * 8)}.${Math.floor(random() * 30)}.${Math.floor(random() * 20)}`;
    packages.push({ name, version });
  }
  return packages;
}

/** The files of the application layer: one package.json per package. */
export function packageFiles(packages: BenchPackage[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const p of packages) {
    files[`usr/src/app/node_modules/${p.name}/package.json`] = `${JSON.stringify(
      { name: p.name, version: p.version, description: `The ${p.name} package`, license: 'MIT', main: 'index.js' },
      null,
      2,
    )}\n`;
  }
  files['usr/src/app/package.json'] = `${JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true })}\n`;
  return files;
}

const VECTORS: Array<[number, string | null]> = [
  [0.05, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'], // 9.8 critical
  [0.2, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'], // 7.5 high
  [0.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'], // 5.3 medium
  [0.2, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N'], // 3.1 low
  [0.05, null], // no score: unspecified
];
const KINDS = [
  'Prototype pollution',
  'Regular expression denial of service',
  'Path traversal',
  'Cross-site scripting',
  'Improper input validation',
  'Command injection',
  'Uncontrolled resource consumption',
  'Information exposure',
];
const GHSA = '23456789cfghjmpqrvwx';

/** The vector whose share of the bands contains `roll` (0 ≤ roll < 1). */
function pickVector(roll: number): string | null {
  let left = roll;
  for (const [share, vector] of VECTORS) {
    left -= share;
    if (left < 0) return vector;
  }
  return null;
}

/** One OSV record per affected package (every other one) until `count`, the installed version in range. */
export function benchAdvisories(packages: BenchPackage[], count = 1000): object[] {
  const random = mulberry32(11);
  const part = () => Array.from({ length: 4 }, () => GHSA[Math.floor(random() * GHSA.length)]).join('');
  const records: object[] = [];
  for (let i = 0; records.length < count && i < packages.length; i += packages.length >= 2 * count ? 2 : 1) {
    const p = packages[i] as BenchPackage;
    const vector = pickVector(random());
    const [major] = p.version.split('.');
    const fixed = random() < 0.8 ? `${Number(major) + 1}.0.0` : null;
    const id = `GHSA-${part()}-${part()}-${part()}`;
    const cve = `CVE-${2019 + (records.length % 7)}-${String(10000 + records.length * 7).padStart(5, '0')}`;
    const kind = KINDS[records.length % KINDS.length] as string;
    records.push({
      schema_version: '1.6.0',
      id,
      modified: '2026-10-01T00:00:00Z',
      published: '2025-06-01T00:00:00Z',
      aliases: [cve],
      summary: `${kind} in ${p.name}`,
      details: `${kind} in ${p.name} before ${fixed ?? 'any fixed release'}.`,
      ...(vector ? { severity: [{ type: 'CVSS_V3', score: vector }] } : {}),
      affected: [
        {
          package: { ecosystem: 'npm', name: p.name },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }],
        },
      ],
      references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${id}` }],
    });
  }
  return records;
}
