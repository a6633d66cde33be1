/** Small, realistic API records for the insight unit tests. */
import type { Image, ImagePackage, Vulnerability } from '@scout-acr/sdk/client';

export function vuln(
  overrides: Partial<Vulnerability> & { id: string },
  pkg: Partial<Vulnerability['package']> = {},
): Vulnerability {
  const name = pkg.name ?? 'lodash';
  const version = pkg.version ?? '4.17.15';
  const type = pkg.type ?? 'npm';
  return {
    aliases: [],
    advisoryIds: [overrides.id],
    ecosystem: 'npm',
    matchedVersion: version,
    severity: 'high',
    fixedVersions: ['4.17.21'],
    fixState: 'fixed',
    affectedRanges: ['< 4.17.21'],
    url: `https://osv.dev/vulnerability/${overrides.id}`,
    ...overrides,
    package: {
      purl: `pkg:${type}/${name}@${version}`,
      name,
      version,
      type,
      locations: [],
      layer: 'sha256:l1',
      ...pkg,
    },
  };
}

export function pkg(name: string, version: string, type: ImagePackage['type'] = 'deb'): ImagePackage {
  return {
    type,
    name,
    version,
    purl: `pkg:${type}/${name}@${version}`,
    licenses: [],
    locations: ['/var/lib/dpkg/status'],
    layer: 'sha256:aaaa',
    foundBy: 'dpkg',
  };
}

export function image(digest: string, layers: string[], overrides: Partial<Image> = {}): Image {
  return {
    digest,
    indexDigest: null,
    repository: 'shop/api',
    tags: ['v1'],
    platform: { os: 'linux', architecture: 'amd64' },
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    layers: layers.map((d) => ({
      digest: d,
      diffId: null,
      size: 1,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    })),
    created: null,
    labels: {},
    status: 'ANALYZED',
    recordedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    analyzedAt: '2026-01-01T00:00:00.000Z',
    distro: null,
    packageCount: 3,
    analysisError: null,
    ...overrides,
  };
}
