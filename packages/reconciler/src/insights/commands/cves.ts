/** `scout-acr cves IMAGE`: the image's vulnerabilities grouped by package, filtered, in a chosen format. */

import type { Vulnerability } from '@scout-acr/sdk/client';
import { renderGitLab, renderMarkdown, renderSarif, toJsonText } from '@scout-acr/sdk/formats';
import { ExitCode } from '../../cli/exit-codes.js';
import { RECONCILER_VERSION } from '../../index.js';
import { InsightUsageError } from '../errors.js';
import { applyCveFilters, type CveFilters, parseCveFilters } from '../filters.js';
import { toFormatInput } from '../format-input.js';
import { countSeverities, groupByPackage } from '../group.js';
import { parseImageReference } from '../reference.js';
import { renderCvesText } from '../render-text.js';
import { collect, type ResolvedImage, requireAnalyzed, resolveImage } from '../resolve.js';
import { type CommonOptions, runInsight, withProgress } from './context.js';

export const CVE_FORMATS = ['text', 'json', 'sarif', 'markdown', 'gitlab'] as const;
export type CveFormat = (typeof CVE_FORMATS)[number];

export interface CvesOptions extends CommonOptions {
  format: string;
  platform?: string;
  onlySeverity?: string;
  onlyFixed?: boolean;
  onlyUnfixed?: boolean;
  onlyPackageType?: string;
  onlyCveId?: string;
  exitCode?: boolean;
}

/** The `--format json` document: the image, the filters, counts and the findings grouped by package. */
export function cvesJson(reference: string, resolved: ResolvedImage, filters: CveFilters, findings: Vulnerability[]) {
  const { image, integration } = resolved;
  return {
    image: {
      reference,
      loginServer: integration.loginServer,
      repository: image.repository,
      digest: image.digest,
      tags: image.tags,
      platform: image.platform,
      vulnDbVersion: image.vulnDbVersion ?? null,
    },
    filters,
    total: findings.length,
    counts: countSeverities(findings),
    packages: groupByPackage(findings),
  };
}

export function cves(reference: string, options: CvesOptions): Promise<number> {
  return runInsight(options, async ({ client, paint, out }) => {
    if (!(CVE_FORMATS as readonly string[]).includes(options.format))
      throw new InsightUsageError(`--format takes ${CVE_FORMATS.join(', ')} (got "${options.format}")`);
    const format = options.format as CveFormat;
    const filters = parseCveFilters(options);
    const ref = parseImageReference(reference);
    const resolved = await withProgress('resolving image', resolveImage(client, ref, options.platform));
    await requireAnalyzed(client, resolved);
    const { image, integration } = resolved;
    const all = await withProgress(
      'reading vulnerabilities',
      collect(
        client.images.vulnerabilities(integration.id, image.digest, { repository: image.repository, pageSize: 500 }),
      ),
    );
    const findings = applyCveFilters(all, filters);
    const name = `${integration.loginServer}/${image.repository}${ref.tag ? `:${ref.tag}` : `@${image.digest}`}`;
    const input = () =>
      toFormatInput({
        loginServer: integration.loginServer,
        image,
        findings,
        generatedAt: new Date().toISOString(),
        toolVersion: RECONCILER_VERSION,
      });
    switch (format) {
      case 'text':
        out(renderCvesText(name, findings, paint));
        break;
      case 'json':
        out(`${JSON.stringify(cvesJson(name, resolved, filters, findings), null, 2)}\n`);
        break;
      case 'sarif':
        out(toJsonText(renderSarif(input())));
        break;
      case 'gitlab':
        out(toJsonText(renderGitLab(input())));
        break;
      case 'markdown':
        out(renderMarkdown(input()));
        break;
    }
    return options.exitCode && findings.length > 0 ? ExitCode.Changes : 0;
  });
}
