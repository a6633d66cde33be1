import { describe, expect, it } from 'vitest';
import { indexEntries, isIndex, labelsOfConfig, layersOf, platformOfConfig } from '../../src/images/manifest.js';

describe('manifest helpers', () => {
  const index = {
    digest: 'sha256:i',
    mediaType: 'application/vnd.oci.image.index.v1+json',
    body: {
      manifests: [
        { digest: 'sha256:a', mediaType: 'm', platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:b', mediaType: 'm', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
        {
          digest: 'sha256:att',
          mediaType: 'm',
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
        },
      ],
    },
  };

  it('lists platform images of an index, without attestations', () => {
    expect(isIndex(index)).toBe(true);
    expect(indexEntries(index).map((e) => e.digest)).toEqual(['sha256:a', 'sha256:b']);
    expect(indexEntries(index)[1]?.platform).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
  });

  it('zips layers with diff ids and reads config fields', () => {
    const manifest = {
      digest: 'sha256:m',
      mediaType: 'x',
      body: {
        layers: [
          { digest: 'sha256:l1', size: 5, mediaType: 't' },
          { digest: 'sha256:l2', size: 6, mediaType: 't' },
        ],
      },
    };
    const config = {
      os: 'linux',
      architecture: 'amd64',
      rootfs: { diff_ids: ['sha256:d1'] },
      config: { Labels: { a: 'b' } },
    };
    expect(layersOf(manifest, config)).toEqual([
      { digest: 'sha256:l1', diffId: 'sha256:d1', size: 5, mediaType: 't' },
      { digest: 'sha256:l2', diffId: null, size: 6, mediaType: 't' },
    ]);
    expect(platformOfConfig(config)).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(labelsOfConfig(config)).toEqual({ a: 'b' });
    expect(labelsOfConfig({ config: { Labels: null } })).toEqual({});
  });
});
