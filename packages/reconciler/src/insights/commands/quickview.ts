/** `scout-acr quickview IMAGE`: the one-screen summary of an analyzed image and its base image. */
import type { Image, ScoutClient } from '@scout-acr/sdk/client';
import { findBaseImage } from '../base-image.js';
import { parseImageReference } from '../reference.js';
import { renderQuickview } from '../render-text.js';
import { collect, platformOf, requireAnalyzed, resolveImage } from '../resolve.js';
import { formatAge } from '../table.js';
import { type CommonOptions, runInsight, withProgress } from './context.js';

export interface QuickviewOptions extends CommonOptions {
  platform?: string;
  format?: string;
}

/** Every analyzed image of the integration's enabled repositories: the candidates for a base image. */
async function analyzedImages(client: ScoutClient, integrationId: string): Promise<Image[]> {
  const images: Image[] = [];
  for (const repo of await collect(client.repositories.list(integrationId, { pageSize: 500 }))) {
    if (!repo.active) continue;
    for await (const image of client.images.list(integrationId, repo.name, { pageSize: 500 }))
      if (image.status === 'ANALYZED') images.push(image);
  }
  return images;
}

export function quickview(reference: string, options: QuickviewOptions): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    const ref = parseImageReference(reference);
    const resolved = await withProgress('resolving image', resolveImage(client, ref, options.platform));
    await requireAnalyzed(client, resolved);
    const { image, integration } = resolved;
    const [db, candidates] = await withProgress(
      'reading the database status and candidate base images',
      Promise.all([client.vulndb.status(), analyzedImages(client, integration.id)]),
    );
    const base = findBaseImage(image, candidates);
    const name = (i: Image) =>
      `${integration.loginServer}/${i.repository}${i.tags[0] ? `:${[...i.tags].sort()[0]}` : `@${i.digest}`}`;
    const dbAgeText = db.present
      ? `newest record ${db.ageSeconds === undefined ? 'of unknown age' : `${formatAge(db.ageSeconds)} old`}, imported ${db.importedAt ?? 'at an unknown time'}`
      : undefined;
    if (options.format === 'json') {
      out(
        `${JSON.stringify(
          {
            image: { reference: name(image), ...image },
            vulnerabilityDatabase: { present: db.present, importedAt: db.importedAt, ageSeconds: db.ageSeconds },
            baseImage: base ? { reference: name(base), ...base } : null,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    out(
      renderQuickview(
        { reference: name(image), image, platform: platformOf(image), dbAgeText },
        base && { reference: name(base), image: base, platform: platformOf(base) },
        'none identified (no other analyzed image in this registry has layers that are a prefix of this one)',
        paint,
      ),
    );
    return 0;
  });
}
