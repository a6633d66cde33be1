import { describe, expect, it } from 'vitest';
import { escapeMarkdownText, renderMarkdown, type VulnerabilityFinding } from '../../src/formats/index.js';
import { cleanInput, fullInput, minimalInput } from './fixtures.js';

/** Table rows (lines starting with a pipe), split into cells on unescaped pipes. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|---'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

describe('renderMarkdown', () => {
  it('starts with a severity summary and counts', () => {
    const md = renderMarkdown(fullInput);
    expect(md.split('\n')[0]).toBe('### scout-acr: contoso.azurecr.io/team/api:latest');
    expect(md).toContain('**2C 2H 2M 1L 1U** — 8 vulnerabilities in 8 of 26 packages');
  });

  it('groups rows by package, most severe package first, with CVSS and fixed version or "not fixed"', () => {
    const rows = tableRows(renderMarkdown(fullInput)).slice(1); // drop the header
    expect(rows.every((r) => r.length === 5)).toBe(true);
    expect(rows[0]).toEqual([
      'zlib1g 1:1.2.13.dfsg-1',
      '[CVE-2023-45853](https://nvd.nist.gov/vuln/detail/CVE-2023-45853)',
      'CRITICAL',
      '9.8',
      'not fixed',
    ]);
    expect(rows[1]).toEqual([
      '@babel/traverse 7.22.5',
      '[GHSA-67hx-6x53-jw92](https://github.com/advisories/GHSA-67hx-6x53-jw92)',
      'CRITICAL',
      '9.3',
      '7.23.2, 8.0.0-alpha.4',
    ]);
    expect(rows.slice(2, 4).map((r) => r[0])).toEqual(['libc6 2.36-9+deb12u2', 'golang.org/x/net v0.17.0']);
    const tar = rows.find((r) => r[0]?.startsWith('tar '));
    expect(tar?.[3]).toBe('');
  });

  it('folds rows beyond maxRows into a details block', () => {
    const md = renderMarkdown(fullInput, { maxRows: 3 });
    const [visible, hidden] = md.split('<details>');
    expect(tableRows(visible ?? '')).toHaveLength(4);
    expect(hidden).toContain('<summary>5 more vulnerabilities</summary>');
    expect(tableRows(hidden ?? '')).toHaveLength(6);
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
    expect(renderMarkdown(fullInput)).not.toContain('<details>');
  });

  it('escapes pipes, HTML and link syntax from advisory data', () => {
    const hostile: VulnerabilityFinding = {
      id: 'GHSA-x|y<script>',
      aliases: [],
      severity: 'high',
      fixedVersions: ['1.0|2.0'],
      url: 'https://example.com/a(b)|c',
      packagePurl: 'pkg:npm/evil@1',
    };
    const md = renderMarkdown({
      ...minimalInput,
      packages: [{ type: 'npm', name: 'ev|il<img src=x>', version: '1', purl: 'pkg:npm/evil@1', licenses: [] }],
      findings: [hostile],
    });
    expect(md).not.toMatch(/<script>|<img/);
    const rows = tableRows(md);
    expect(rows[1]).toHaveLength(5);
    expect(rows[1]?.[1]).toBe('[GHSA-x\\|y&lt;script&gt;](https://example.com/a%28b%29%7Cc)');
    expect(rows[1]?.[4]).toBe('1.0\\|2.0');
    expect(escapeMarkdownText('a\nb | c')).toBe('a b \\| c');
  });

  it('says so when there is nothing to report, and is deterministic', () => {
    expect(renderMarkdown(cleanInput)).toContain('**0C 0H 0M 0L** — 0 vulnerabilities in 0 of 26 packages');
    expect(renderMarkdown(cleanInput)).toContain('No known vulnerabilities.');
    expect(renderMarkdown(minimalInput)).toContain('### scout-acr: r.azurecr.io/x\n');
    const shuffled = { ...fullInput, findings: [...(fullInput.findings ?? [])].reverse() };
    expect(renderMarkdown(shuffled)).toBe(renderMarkdown(fullInput));
  });
});
