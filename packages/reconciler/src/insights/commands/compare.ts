/** `scout-acr compare IMAGE --to IMAGE`: packages and vulnerabilities added, removed and changed. */
import type { ScoutClient } from '@scout-acr/sdk/client';
import { ExitCode } from '../../cli/exit-codes.js';
import { diffImages } from '../compare.js';
import { InsightUsageError } from '../errors.js';
import { parseImageReference } from '../reference.js';
import { renderCompareText } from '../render-text.js';
import { collect, type ResolvedImage, requireAnalyzed, resolveImage } from '../resolve.js';
import { type CommonOptions, runInsight, withProgress } from './context.js';

export interface CompareOptions extends CommonOptions {
  to: string;
  format: string;
  platform?: string;
  exitOn?: string;
}

async function contents(client: ScoutClient, { integration, image }: ResolvedImage) {
  const query = { repository: image.repository, pageSize: 500 };
  const [packages, findings] = await Promise.all([
    collect(client.images.packages(integration.id, image.digest, query)),
    collect(client.images.vulnerabilities(integration.id, image.digest, query)),
  ]);
  return { packages, findings };
}

export function compare(reference: string, options: CompareOptions): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    if (!['text', 'json'].includes(options.format))
      throw new InsightUsageError(`--format takes text, json (got "${options.format}")`);
    if (options.exitOn !== undefined && options.exitOn !== 'vulnerability')
      throw new InsightUsageError(`--exit-on takes vulnerability (got "${options.exitOn}")`);
    const target = await resolveImage(client, parseImageReference(reference), options.platform);
    const base = await resolveImage(client, parseImageReference(options.to), options.platform);
    await requireAnalyzed(client, target);
    await requireAnalyzed(client, base);
    const [t, b] = await withProgress(
      'reading both images',
      Promise.all([contents(client, target), contents(client, base)]),
    );
    const diff = diffImages(b, t);
    if (options.format === 'json') {
      out(`${JSON.stringify({ image: reference, to: options.to, ...diff }, null, 2)}\n`);
    } else {
      out(renderCompareText(reference, options.to, diff, paint));
    }
    return options.exitOn === 'vulnerability' && diff.vulnerabilities.added.length > 0 ? ExitCode.Changes : 0;
  });
}
