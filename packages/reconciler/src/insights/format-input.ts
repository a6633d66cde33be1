/** Maps API records onto the SDK formats' `FormatInput`, so SARIF/GitLab/Markdown come from `@scout-acr/sdk/formats`. */
import type { Image, ImagePackage, Vulnerability } from '@scout-acr/sdk/client';
import type { CvssRating, FormatInput, VulnerabilityFinding } from '@scout-acr/sdk/formats';

/** The CVSS version a vector declares (`CVSS:3.1/…`, `CVSS:4.0/…`; a bare v2 vector has no prefix). */
export function cvssVersion(vector: string | undefined): CvssRating['version'] {
  const match = vector ? /^CVSS:(3\.0|3\.1|4\.0)\//.exec(vector) : null;
  if (match) return match[1] as CvssRating['version'];
  return vector ? '2.0' : '3.1';
}

/** One API finding as a format finding. */
export function toFinding(v: Vulnerability): VulnerabilityFinding {
  return {
    id: v.id,
    aliases: v.aliases,
    severity: v.severity,
    cvss: v.score === undefined ? undefined : { score: v.score, vector: v.vector, version: cvssVersion(v.vector) },
    fixedVersions: v.fixedVersions,
    affectedRange: v.affectedRanges.length > 0 ? v.affectedRanges.join(' || ') : undefined,
    summary: v.summary,
    url: v.url,
    packagePurl: v.package.purl,
  };
}

/**
 * The format input of an image and its (filtered) findings. Packages are those the findings name, plus any full
 * package list given, so every finding's purl resolves.
 */
export function toFormatInput(options: {
  loginServer: string;
  image: Image;
  findings: readonly Vulnerability[];
  packages?: readonly ImagePackage[];
  generatedAt: string;
  toolVersion?: string;
}): FormatInput {
  const { image } = options;
  const packages = new Map<string, FormatInput['packages'][number]>();
  for (const p of options.packages ?? []) {
    packages.set(p.purl, {
      type: p.type,
      name: p.name,
      version: p.version,
      purl: p.purl,
      licenses: p.licenses,
      sourcePackage: p.source?.name,
      layerDiffId: p.layer,
      location: p.locations[0],
    });
  }
  for (const v of options.findings) {
    if (packages.has(v.package.purl)) continue;
    packages.set(v.package.purl, {
      type: v.package.type,
      name: v.package.name,
      version: v.package.version,
      purl: v.package.purl,
      licenses: [],
      sourcePackage: v.package.sourceName,
      layerDiffId: v.package.layer,
      location: v.package.locations[0],
    });
  }
  return {
    image: {
      loginServer: options.loginServer,
      repository: image.repository,
      digest: image.digest,
      tags: image.tags,
      platform: image.platform ?? undefined,
      created: image.created ?? undefined,
      os: image.distro
        ? { id: image.distro.id, versionId: image.distro.versionId, prettyName: image.distro.prettyName }
        : undefined,
    },
    packages: [...packages.values()],
    findings: options.findings.map(toFinding),
    generatedAt: options.generatedAt,
    toolVersion: options.toolVersion,
  };
}
