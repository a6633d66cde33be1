/** Waiting, through the API, for the server to analyze a pushed image and match it with its vulnerability data. */
import { setTimeout as delay } from 'node:timers/promises';
import { ScoutAcrError } from '@scout-acr/sdk';
import type { Image, ScoutClient, SeverityCounts } from '@scout-acr/sdk/client';
import { say } from './output.js';

/** `0C 2H 0M 0L 1U`, the way `scout-acr quickview` prints counts (`U` only when there are some). */
export function formatCounts(counts: SeverityCounts | null | undefined): string {
  if (!counts) return 'not matched';
  const base = `${counts.critical}C ${counts.high}H ${counts.medium}M ${counts.low}L`;
  return counts.unspecified ? `${base} ${counts.unspecified}U` : base;
}

function stage(image: Image | undefined): string {
  if (!image) return 'waiting for the push event';
  if (image.status === 'RECORDED') return 'recorded, analysis running (the server pulls and reads its layers)';
  return 'analyzed, matching its packages with the vulnerability database';
}

/**
 * Polls the image until it is analyzed and matched, printing each stage once. A failed analysis or the timeout
 * ends the demo with the reason.
 */
export async function waitForAnalysis(
  scout: ScoutClient,
  integrationId: string,
  reference: string,
  timeoutMs = 90_000,
): Promise<Image> {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    const image = (await scout.images.lookup(integrationId, reference).catch(() => undefined))?.images[0];
    if (image?.status === 'FAILED' || image?.status === 'DELETED') {
      throw new ScoutAcrError(
        `the analysis of ${reference} did not complete: ${image.status}${image.analysisError ? ` (${image.analysisError})` : ''}`,
        { code: 'DemoAnalysisFailed' },
      );
    }
    if (image?.status === 'ANALYZED' && image.matchedAt) {
      say(
        `${reference}: analyzed and matched — ${image.packageCount} package(s), vulnerabilities ${formatCounts(image.vulnerabilities)}`,
      );
      return image;
    }
    const now = stage(image);
    if (now !== shown) say(`${reference}: ${now}…`);
    shown = now;
    await delay(250);
  }
  const log = `${process.env.SCOUT_ACR_SANDBOX_DIR ?? '.sandbox'}/sandbox.log`;
  throw new ScoutAcrError(
    `${reference} was not analyzed and matched within ${timeoutMs / 1000} s (last stage: ${shown}); the server logs to ${log}`,
    { code: 'DemoAnalysisTimeout' },
  );
}
