import type { FormatInput, SbomPackage, VulnerabilityFinding } from '../../src/formats/index.js';

/** A rendered JSON document, navigated freely by assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered documents whose shape the schemas check
export type Doc = Record<string, any>;

const LAYER_BASE = 'sha256:1f1a9ed7b9bbbb0ad7b3a8c52c2bd1c21bd8cb1f51fdd7e4e6c9db9d3f1c7e11';
const LAYER_APP = 'sha256:9b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001';
const DIGEST = 'sha256:4e4bc990609ed865e07afc8427c30ffdddca5153fd4e82c20d8f0783a291e241';

function deb(name: string, version: string, licenses: string[], source?: string): SbomPackage {
  const purlVersion = encodeURIComponent(version);
  const sourceQualifier = source === undefined ? '' : `&upstream=${encodeURIComponent(source)}`;
  return {
    type: 'deb',
    name,
    version,
    purl: `pkg:deb/debian/${name}@${purlVersion}?arch=amd64&distro=debian-12${sourceQualifier}`,
    licenses,
    sourcePackage: source,
    layerDiffId: LAYER_BASE,
    location: '/var/lib/dpkg/status',
  };
}

/** 20 packages of a debian:12 base image, with the loose license names Debian copyright files use. */
export const debianPackages: SbomPackage[] = [
  deb('apt', '2.6.1', ['GPL-2+', 'GPL-2.0-or-later']),
  deb('base-files', '12.4+deb12u5', ['GPL-2.0-or-later']),
  deb('bash', '5.2.15-2+b2', ['GPL-3+', 'BSD-4-clause-UC']),
  deb('coreutils', '9.1-1', ['GPL-3.0-or-later']),
  deb('dpkg', '1.21.22', ['GPL-2+', 'public-domain-s-s-d']),
  deb('gcc-12-base', '12.2.0-14', ['GPL-3.0-or-later WITH GCC-exception-3.1'], 'gcc-12'),
  deb('libc-bin', '2.36-9+deb12u2', ['LGPL-2.1-or-later', 'GPL-2.0-only'], 'glibc'),
  deb('libc6', '2.36-9+deb12u2', ['LGPL-2.1-or-later', 'GPL-2.0-only'], 'glibc'),
  deb('libgcrypt20', '1.10.1-3', ['LGPL-2.1+', 'GPL-2+']),
  deb('libgnutls30', '3.7.9-2+deb12u2', ['LGPL-2.1-or-later', 'The MIT License'], 'gnutls28'),
  deb('libssl3', '3.0.11-1~deb12u2', ['Apache-2.0'], 'openssl'),
  deb('libsystemd0', '252.22-1~deb12u1', ['LGPL-2.1-or-later', 'CC0-1.0'], 'systemd'),
  deb('libtasn1-6', '4.19.0-2', ['LGPL-2.1-or-later']),
  deb('libudev1', '252.22-1~deb12u1', ['LGPL-2.1-or-later'], 'systemd'),
  deb('login', '1:4.13+dfsg1-1+b1', ['GPL-2.0-or-later', 'BSD-3-clause'], 'shadow'),
  deb('ncurses-base', '6.4-4', ['X11'], 'ncurses'),
  deb('openssl', '3.0.11-1~deb12u2', ['Apache-2.0']),
  deb('perl-base', '5.36.0-7+deb12u1', ['GPL-1.0-or-later OR Artistic-1.0-Perl'], 'perl'),
  deb('tar', '1.34+dfsg-1.2+deb12u1', ['GPL-3+']),
  deb('zlib1g', '1:1.2.13.dfsg-1', ['Zlib'], 'zlib'),
];

/** Application packages with scoped names, odd characters and every kind of license string. */
export const appPackages: SbomPackage[] = [
  {
    type: 'npm',
    name: '@babel/traverse',
    version: '7.22.5',
    purl: 'pkg:npm/%40babel/traverse@7.22.5',
    licenses: ['MIT'],
    layerDiffId: LAYER_APP,
    location: '/app/node_modules/@babel/traverse/package.json',
  },
  {
    type: 'npm',
    name: 'lodash.merge',
    version: '4.6.2',
    purl: 'pkg:npm/lodash.merge@4.6.2',
    licenses: ['MIT OR Apache-2.0'],
    layerDiffId: LAYER_APP,
    location: '/app/node_modules/lodash.merge/package.json',
  },
  {
    type: 'npm',
    name: 'lodash.merge',
    version: '4.6.2',
    purl: 'pkg:npm/lodash.merge@4.6.2',
    licenses: ['MIT'],
    layerDiffId: LAYER_APP,
    location: '/app/node_modules/a|b/node_modules/lodash.merge/package.json',
  },
  {
    type: 'pypi',
    name: 'zope.interface',
    version: '6.1',
    purl: 'pkg:pypi/zope.interface@6.1',
    licenses: ['ZPL 2.1'],
    layerDiffId: LAYER_APP,
    location: '/usr/lib/python3/dist-packages/zope.interface-6.1.dist-info/METADATA',
  },
  {
    type: 'pypi',
    name: 'typing_extensions',
    version: '4.8.0',
    purl: 'pkg:pypi/typing-extensions@4.8.0',
    licenses: ['Python-2.0', 'LicenseRef-PSF-Extra'],
    layerDiffId: LAYER_APP,
  },
  {
    type: 'golang',
    name: 'golang.org/x/net',
    version: 'v0.17.0',
    purl: 'pkg:golang/golang.org/x/net@v0.17.0',
    licenses: [],
    location: '/usr/local/bin/app',
  },
  {
    type: 'binary',
    name: 'app',
    version: '1.0.0-rc.1+build.5',
    purl: 'pkg:generic/app@1.0.0-rc.1%2Bbuild.5',
    licenses: ['Proprietary'],
    location: '/usr/local/bin/app',
  },
];

const debPurl = (name: string): string => debianPackages.find((p) => p.name === name)?.purl ?? name;

export const findings: VulnerabilityFinding[] = [
  {
    id: 'CVE-2023-5678',
    aliases: ['DSA-5585-1'],
    severity: 'medium',
    cvss: { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', version: '3.1' },
    fixedVersions: ['3.0.13-1~deb12u1'],
    affectedRange: '< 3.0.13-1~deb12u1',
    summary: 'Excessive time spent in DH check / generation with large Q parameter value',
    packagePurl: debPurl('libssl3'),
  },
  {
    id: 'CVE-2023-5678',
    aliases: ['DSA-5585-1'],
    severity: 'medium',
    cvss: { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', version: '3.1' },
    fixedVersions: ['3.0.13-1~deb12u1'],
    summary: 'Excessive time spent in DH check / generation with large Q parameter value',
    packagePurl: debPurl('openssl'),
  },
  {
    id: 'CVE-2023-4911',
    aliases: [],
    severity: 'high',
    cvss: { score: 7.8, vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', version: '3.1' },
    fixedVersions: ['2.36-9+deb12u3'],
    summary: 'Looney Tunables: buffer overflow in ld.so GLIBC_TUNABLES handling',
    url: 'https://security-tracker.debian.org/tracker/CVE-2023-4911',
    packagePurl: debPurl('libc6'),
  },
  {
    id: 'CVE-2023-45853',
    aliases: [],
    severity: 'critical',
    cvss: { score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3.1' },
    fixedVersions: [],
    summary: 'MiniZip in zlib through 1.3 has an integer overflow | heap overflow in zipOpenNewFileInZip4_64',
    packagePurl: debPurl('zlib1g'),
  },
  {
    id: 'CVE-2011-3374',
    aliases: [],
    severity: 'low',
    cvss: { score: 3.7, version: '3.1' },
    fixedVersions: [],
    summary: 'apt does not correctly validate keys',
    packagePurl: debPurl('apt'),
  },
  {
    id: 'TEMP-0290435-0B57B5',
    aliases: [],
    severity: 'unspecified',
    fixedVersions: [],
    packagePurl: debPurl('tar'),
  },
  {
    id: 'GHSA-67hx-6x53-jw92',
    aliases: ['CVE-2023-45133'],
    severity: 'critical',
    cvss: {
      score: 9.3,
      vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      version: '4.0',
    },
    fixedVersions: ['7.23.2', '8.0.0-alpha.4'],
    affectedRange: '< 7.23.2',
    summary: 'Babel vulnerable to arbitrary code execution when compiling `<script>` crafted code',
    packagePurl: 'pkg:npm/%40babel/traverse@7.22.5',
  },
  {
    id: 'GO-2023-2102',
    aliases: ['CVE-2023-39325', 'GHSA-4374-p667-p6c8'],
    severity: 'high',
    cvss: { score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', version: '3.1' },
    fixedVersions: ['0.17.0'],
    summary: 'HTTP/2 rapid reset can cause excessive work in net/http',
    packagePurl: 'pkg:golang/golang.org/x/net@v0.17.0',
  },
];

/** A realistic analyzed image: debian:12 base, a Node app on top, findings in both. */
export const fullInput: FormatInput = {
  image: {
    loginServer: 'contoso.azurecr.io',
    repository: 'team/api',
    digest: DIGEST,
    tags: ['v1.4.2', 'latest'],
    platform: { os: 'linux', architecture: 'amd64' },
    created: '2026-11-20T08:15:42.123456789Z',
    os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
  },
  packages: [...appPackages, ...debianPackages],
  findings,
  generatedAt: '2026-11-29T05:30:00.250Z',
  toolVersion: '0.1.0',
};

/** The same image with no findings. */
export const cleanInput: FormatInput = { ...fullInput, findings: [] };

/** A minimal image: no tags, no platform, no OS, one package. */
export const minimalInput: FormatInput = {
  image: { loginServer: 'r.azurecr.io', repository: 'x', digest: `sha256:${'a'.repeat(64)}`, tags: [] },
  packages: [debianPackages[0] as SbomPackage],
  generatedAt: '2026-01-01T00:00:00Z',
};
