import type {
  VulnerabilityFinding as FormatFinding,
  FormatInput,
  SbomPackage,
  SbomPackageType,
} from '@scout-acr/sdk/formats';
import type { ImagePackage } from '../analysis/index.js';
import type { VulnerabilityFinding } from '../matching/index.js';
import type { ImageRow } from '../store/index.js';

/** Maps a stored package onto the formats' model. */
export function toSbomPackage(pkg: ImagePackage): SbomPackage {
  const out: SbomPackage = {
    type: pkg.type as SbomPackageType,
    name: pkg.namespace && pkg.type === 'npm' ? `${pkg.namespace}/${pkg.name}` : pkg.name,
    version: pkg.version,
    purl: pkg.purl,
    licenses: pkg.licenses,
    layerDiffId: pkg.layer,
  };
  if (pkg.source && pkg.source.name !== pkg.name) out.sourcePackage = pkg.source.name;
  if (pkg.locations[0]) out.location = pkg.locations[0];
  return out;
}

function cvssVersion(vector: string | undefined): '3.0' | '3.1' | '4.0' | undefined {
  const m = /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector ?? '');
  return m ? (m[1] as '3.0' | '3.1' | '4.0') : undefined;
}

/** Maps a stored finding onto the formats' model. */
export function toFormatFinding(f: VulnerabilityFinding): FormatFinding {
  const out: FormatFinding = {
    id: f.id,
    aliases: f.aliases,
    severity: f.severity,
    fixedVersions: f.fixedVersions,
    packagePurl: f.package.purl,
    url: f.url,
  };
  const version = cvssVersion(f.vector);
  if (f.score !== undefined && version) out.cvss = { score: f.score, vector: f.vector, version };
  if (f.affectedRanges.length) out.affectedRange = f.affectedRanges.join(' || ');
  if (f.summary) out.summary = f.summary;
  return out;
}

/** The renderers' input for one stored image. */
export function sbomInput(
  loginServer: string,
  image: ImageRow,
  packages: readonly ImagePackage[],
  findings: readonly VulnerabilityFinding[],
  generatedAt: string,
  toolVersion: string,
): FormatInput {
  const distro = image.analysis?.distro;
  const purls = new Set(packages.map((p) => p.purl));
  return {
    image: {
      loginServer,
      repository: image.repository,
      digest: image.digest,
      tags: image.tags,
      ...(image.platform ? { platform: image.platform } : {}),
      ...(image.created ? { created: image.created } : {}),
      ...(distro ? { os: { id: distro.id, versionId: distro.versionId, prettyName: distro.prettyName } } : {}),
    },
    packages: packages.map(toSbomPackage),
    findings: findings.filter((f) => purls.has(f.package.purl)).map(toFormatFinding),
    generatedAt,
    toolVersion,
  };
}
