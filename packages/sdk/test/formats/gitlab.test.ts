import { describe, expect, it } from 'vitest';
import { renderGitLab, toJsonText } from '../../src/formats/index.js';
import { cleanInput, type Doc, fullInput, minimalInput } from './fixtures.js';
import { vendoredValidator } from './schemas.js';

const validate = vendoredValidator('gitlab-container-scanning-15.subset.schema.json');

describe('renderGitLab', () => {
  it.each([
    ['findings', fullInput],
    ['no findings', cleanInput],
    ['a minimal image', minimalInput],
  ])('validates against the container-scanning 15.x structure: %s', (_name, input) => {
    expect(validate(renderGitLab(input))).toEqual([]);
  });

  it('describes the scan and each vulnerability the way GitLab expects', () => {
    const report = renderGitLab(fullInput, { startedAt: '2026-11-29T05:29:01.900Z' }) as Doc;
    expect(report.scan).toMatchObject({
      type: 'container_scanning',
      status: 'success',
      start_time: '2026-11-29T05:29:01',
      end_time: '2026-11-29T05:30:00',
      analyzer: { id: 'scout-acr', vendor: { name: 'scout-acr' } },
    });
    const libc = report.vulnerabilities.find((v: Doc) => v.name === 'CVE-2023-4911 in libc6');
    expect(libc).toMatchObject({
      severity: 'High',
      solution: 'Upgrade libc6 to 2.36-9+deb12u3',
      location: {
        dependency: { package: { name: 'libc6' }, version: '2.36-9+deb12u2' },
        operating_system: 'debian 12',
        image: 'contoso.azurecr.io/team/api:latest',
      },
    });
    const go = report.vulnerabilities.find((v: Doc) => v.name === 'GO-2023-2102 in golang.org/x/net');
    expect(go.identifiers.map((i: Doc) => `${i.type}:${i.value}`)).toEqual([
      'go:GO-2023-2102',
      'cve:CVE-2023-39325',
      'ghsa:GHSA-4374-p667-p6c8',
    ]);
    const temp = report.vulnerabilities.find((v: Doc) => v.name.startsWith('TEMP-'));
    expect(temp.severity).toBe('Unknown');
    expect(temp.solution).toBeUndefined();
    const ids = report.vulnerabilities.map((v: Doc) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((renderGitLab(minimalInput) as Doc).vulnerabilities).toEqual([]);
  });

  it('uses the digest for untagged images and is deterministic', () => {
    const untagged = { ...fullInput, image: { ...fullInput.image, tags: [] } };
    const report = renderGitLab(untagged) as Doc;
    expect(report.vulnerabilities[0].location.image).toBe(`contoso.azurecr.io/team/api@${fullInput.image.digest}`);
    const shuffled = { ...fullInput, findings: [...(fullInput.findings ?? [])].reverse() };
    expect(toJsonText(renderGitLab(shuffled))).toBe(toJsonText(renderGitLab(fullInput)));
  });

  it('the structure check is not vacuous', () => {
    const report = renderGitLab(fullInput) as Doc;
    report.vulnerabilities[0].severity = 'critical';
    report.scan.start_time = '2026-11-29T05:30:00Z';
    const paths = validate(report).map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/vulnerabilities/0/severity', '/scan/start_time']));
  });
});
