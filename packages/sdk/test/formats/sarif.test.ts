import { describe, expect, it } from 'vitest';
import { renderSarif, toJsonText } from '../../src/formats/index.js';
import { cleanInput, type Doc, fullInput, minimalInput } from './fixtures.js';
import { sarifValidator } from './schemas.js';

const validate = sarifValidator();

describe('renderSarif', () => {
  it.each([
    ['findings', fullInput],
    ['no findings', cleanInput],
    ['a minimal image', minimalInput],
  ])('validates against the SARIF 2.1.0 schema: %s', (_name, input) => {
    expect(validate(renderSarif(input))).toEqual([]);
  });

  it('has one rule per vulnerability and one result per finding, with GitHub-compatible locations', () => {
    const log = renderSarif(fullInput) as Doc;
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('scout-acr');
    const ruleIds = run.tool.driver.rules.map((r: Doc) => r.id);
    expect(ruleIds).toEqual([...new Set((fullInput.findings ?? []).map((f) => f.id))].sort());
    expect(run.results).toHaveLength((fullInput.findings ?? []).length);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      const uri = result.locations[0].physicalLocation.artifactLocation.uri;
      expect(uri).toBe('Dockerfile');
    }
    expect(renderSarif(fullInput, { artifactUri: 'build/api/Dockerfile' })).toMatchObject({
      runs: [
        {
          results: expect.arrayContaining([
            expect.objectContaining({
              locations: [
                expect.objectContaining({
                  physicalLocation: expect.objectContaining({ artifactLocation: { uri: 'build/api/Dockerfile' } }),
                }),
              ],
            }),
          ]),
        },
      ],
    });
    expect((renderSarif(cleanInput) as Doc).runs[0].results).toEqual([]);
  });

  it('maps severities to levels and CVSS scores to security-severity strings', () => {
    const run = (renderSarif(fullInput) as Doc).runs[0];
    const level = (id: string): string => run.results.find((r: Doc) => r.ruleId === id).level;
    expect(level('CVE-2023-45853')).toBe('error'); // critical
    expect(level('CVE-2023-4911')).toBe('error'); // high
    expect(level('CVE-2023-5678')).toBe('warning'); // medium
    expect(level('CVE-2011-3374')).toBe('note'); // low
    expect(level('TEMP-0290435-0B57B5')).toBe('note'); // unspecified
    const props = (id: string): Doc => run.tool.driver.rules.find((r: Doc) => r.id === id).properties;
    expect(props('CVE-2023-45853')['security-severity']).toBe('9.8');
    expect(props('GHSA-67hx-6x53-jw92')['security-severity']).toBe('9.3');
    expect(props('CVE-2011-3374')['security-severity']).toBe('3.7');
    expect(props('TEMP-0290435-0B57B5')['security-severity']).toBeUndefined();
    expect(props('GHSA-67hx-6x53-jw92').tags).toEqual(['security', 'vulnerability', 'critical', 'CVE-2023-45133']);
    expect(run.tool.driver.rules.find((r: Doc) => r.id === 'CVE-2023-4911').helpUri).toBe(
      'https://security-tracker.debian.org/tracker/CVE-2023-4911',
    );
  });

  it('names package, installed version and fixed version in the message', () => {
    const run = (renderSarif(fullInput) as Doc).runs[0];
    const text = (id: string): string => run.results.find((r: Doc) => r.ruleId === id).message.text;
    expect(text('CVE-2023-4911')).toBe(
      'Package libc6 2.36-9+deb12u2 is affected by CVE-2023-4911 (high). Fixed in 2.36-9+deb12u3.',
    );
    expect(text('CVE-2023-45853')).toContain('No fixed version is available.');
  });

  it('is deterministic', () => {
    const shuffled = { ...fullInput, findings: [...(fullInput.findings ?? [])].reverse() };
    expect(toJsonText(renderSarif(shuffled))).toBe(toJsonText(renderSarif(fullInput)));
  });

  it('the schema check is not vacuous', () => {
    const log = renderSarif(fullInput) as Doc;
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log).length).toBeGreaterThan(0);
  });
});
