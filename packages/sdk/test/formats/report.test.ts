import { describe, expect, it } from 'vitest';
import {
  classifyLicense,
  type FormatInput,
  FormatInputError,
  isReportFormat,
  REPORT_FORMATS,
  type ReportFormat,
  renderCycloneDx,
  renderGitLab,
  renderReport,
  renderSarif,
  renderSpdx,
  type SbomPackage,
  spdxExpressionOf,
} from '../../src/formats/index.js';
import { fullInput } from './fixtures.js';
import { cycloneDxValidator, sarifValidator, vendoredValidator } from './schemas.js';

describe('renderReport', () => {
  it('renders every format as deterministic text', () => {
    for (const format of Object.keys(REPORT_FORMATS) as ReportFormat[]) {
      const text = renderReport(format, fullInput);
      expect(text.endsWith('\n')).toBe(true);
      expect(renderReport(format, { ...fullInput, packages: [...fullInput.packages].reverse() })).toBe(text);
      if (format !== 'markdown') expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
    expect(() => renderReport('xml' as ReportFormat, fullInput)).toThrow(FormatInputError);
  });
});

describe('licenses', () => {
  it('classifies SPDX ids, expressions and free-text names', () => {
    expect(classifyLicense('MIT')).toEqual({ kind: 'id', id: 'MIT' });
    expect(classifyLicense(' Apache-2.0 ')).toEqual({ kind: 'id', id: 'Apache-2.0' });
    expect(classifyLicense('MIT OR Apache-2.0')).toEqual({ kind: 'expression', expression: 'MIT OR Apache-2.0' });
    expect(classifyLicense('GPL-2.0+')).toEqual({ kind: 'expression', expression: 'GPL-2.0+' });
    expect(classifyLicense('LicenseRef-Acme')).toEqual({ kind: 'expression', expression: 'LicenseRef-Acme' });
    expect(classifyLicense('GPL-2+')).toEqual({ kind: 'name', name: 'GPL-2+' });
    expect(classifyLicense('mit')).toEqual({ kind: 'name', name: 'mit' });
    expect(classifyLicense('BSD')).toEqual({ kind: 'name', name: 'BSD' });
  });

  it('combines declared licenses into one expression', () => {
    expect(spdxExpressionOf(['MIT', 'ISC OR 0BSD', 'Artistic'])).toEqual({
      expression: '(ISC OR 0BSD) AND MIT',
      unparsed: ['Artistic'],
    });
    expect(spdxExpressionOf(['public-domain'])).toEqual({ unparsed: ['public-domain'] });
    expect(spdxExpressionOf([])).toEqual({ unparsed: [] });
  });
});

describe('odd package names and versions', () => {
  const names = [
    '@scope/pkg.name_with-odd~chars',
    'Pkg With Spaces',
    'ünïcödé',
    'a|b',
    '<script>alert(1)</script>',
    'x'.repeat(300),
    'golang.org/x/crypto/../../etc',
  ];
  const packages: SbomPackage[] = names.map((name, i) => ({
    type: (['npm', 'pypi', 'gem', 'generic', 'maven', 'cargo', 'golang'] as const)[i] ?? 'generic',
    name,
    version: `1.0.${i}+build~${i}`,
    purl: `pkg:generic/${encodeURIComponent(name)}@1.0.${i}`,
    licenses: i % 2 === 0 ? ['MIT', 'Some Custom License'] : ['(MIT OR GPL-3.0-only) AND BSD-2-Clause'],
    location: `/opt/${name}`,
  }));
  const input: FormatInput = {
    ...fullInput,
    packages,
    findings: packages.map((p, i) => ({
      id: i % 2 === 0 ? `CVE-2024-${1000 + i}` : `GHSA-aaaa-bbbb-cc${i}c`,
      aliases: [],
      severity: (['critical', 'high', 'medium', 'low', 'unspecified'] as const)[i % 5] ?? 'low',
      fixedVersions: i % 3 === 0 ? [] : ['2.0.0'],
      summary: `summary with "quotes", \\ backslashes and\nnewlines ${p.name}`,
      packagePurl: p.purl,
    })),
  };

  it('still validates in every JSON format', () => {
    expect(cycloneDxValidator()(renderCycloneDx(input))).toEqual([]);
    expect(vendoredValidator('spdx-2.3.subset.schema.json')(renderSpdx(input))).toEqual([]);
    expect(sarifValidator()(renderSarif(input))).toEqual([]);
    expect(vendoredValidator('gitlab-container-scanning-15.subset.schema.json')(renderGitLab(input))).toEqual([]);
  });

  it('keeps markdown tables intact', () => {
    const md = renderReport('markdown', input);
    expect(md).not.toContain('<script>');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(7);
    }
  });
});
