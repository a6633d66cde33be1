/** `scout-acr sbom IMAGE`: the server's CycloneDX/SPDX downloads, or the package list as JSON or a table. */
import { InsightUsageError } from '../errors.js';
import { parseImageReference } from '../reference.js';
import { renderPackageList } from '../render-text.js';
import { collect, requireAnalyzed, resolveImage } from '../resolve.js';
import { type CommonOptions, runInsight, withProgress } from './context.js';

export const SBOM_FORMATS = ['cyclonedx', 'spdx', 'json', 'list'] as const;

export interface SbomOptions extends CommonOptions {
  format: string;
  platform?: string;
}

export function sbom(reference: string, options: SbomOptions): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    if (!(SBOM_FORMATS as readonly string[]).includes(options.format))
      throw new InsightUsageError(`--format takes ${SBOM_FORMATS.join(', ')} (got "${options.format}")`);
    const resolved = await withProgress(
      'resolving image',
      resolveImage(client, parseImageReference(reference), options.platform),
    );
    await requireAnalyzed(client, resolved);
    const { image, integration } = resolved;
    if (options.format === 'cyclonedx' || options.format === 'spdx') {
      const doc = await withProgress(
        'downloading the SBOM',
        client.images.sbom(integration.id, image.digest, options.format, { repository: image.repository }),
      );
      out(`${JSON.stringify(doc, null, 2)}\n`);
      return 0;
    }
    const packages = await withProgress(
      'reading packages',
      collect(client.images.packages(integration.id, image.digest, { repository: image.repository, pageSize: 500 })),
    );
    if (options.format === 'json') {
      out(
        `${JSON.stringify(
          {
            image: {
              loginServer: integration.loginServer,
              repository: image.repository,
              digest: image.digest,
              tags: image.tags,
              platform: image.platform,
              distro: image.distro,
            },
            packages,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      out(renderPackageList(packages, paint));
    }
    return 0;
  });
}
