/** One entry point for callers that pick the format at run time (server `?format=`, CLI `--format`). */
import { renderCycloneDx } from './cyclonedx.js';
import { FormatInputError } from './errors.js';
import { type GitLabOptions, renderGitLab } from './gitlab.js';
import { toJsonText } from './json.js';
import { type MarkdownOptions, renderMarkdown } from './markdown.js';
import type { FormatInput } from './model.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderSpdx, type SpdxOptions } from './spdx.js';

/** Formats scout-acr can render. */
export type ReportFormat = 'cyclonedx' | 'spdx' | 'sarif' | 'gitlab' | 'markdown';

/** Media type and conventional file name of each format. */
export const REPORT_FORMATS: Readonly<Record<ReportFormat, { mediaType: string; fileName: string }>> = {
  cyclonedx: { mediaType: 'application/vnd.cyclonedx+json; version=1.6', fileName: 'sbom.cdx.json' },
  spdx: { mediaType: 'application/spdx+json', fileName: 'sbom.spdx.json' },
  sarif: { mediaType: 'application/sarif+json', fileName: 'scout-acr.sarif' },
  gitlab: { mediaType: 'application/json', fileName: 'gl-container-scanning-report.json' },
  markdown: { mediaType: 'text/markdown; charset=utf-8', fileName: 'scout-acr.md' },
};

/** Options of every renderer, by format. */
export type ReportOptions = SpdxOptions & SarifOptions & GitLabOptions & MarkdownOptions;

/** True when `value` names a supported format. */
export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}

/** Renders `input` in `format` and returns the document text (deterministic for a given input). */
export function renderReport(format: ReportFormat, input: FormatInput, options: ReportOptions = {}): string {
  switch (format) {
    case 'cyclonedx':
      return toJsonText(renderCycloneDx(input));
    case 'spdx':
      return toJsonText(renderSpdx(input, options));
    case 'sarif':
      return toJsonText(renderSarif(input, options));
    case 'gitlab':
      return toJsonText(renderGitLab(input, options));
    case 'markdown':
      return renderMarkdown(input, options);
    default:
      throw new FormatInputError(`unknown report format ${JSON.stringify(format satisfies never)}`);
  }
}
