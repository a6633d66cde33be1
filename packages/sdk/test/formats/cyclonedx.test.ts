import { describe, expect, it } from 'vitest';
import { FormatInputError, renderCycloneDx, toJsonText } from '../../src/formats/index.js';
import { cleanInput, type Doc, fullInput, minimalInput } from './fixtures.js';
import { cycloneDxValidator } from './schemas.js';

const validate = cycloneDxValidator();

describe('renderCycloneDx', () => {
  it.each([
    ['a Debian image with app packages and findings', fullInput],
    ['an image with no findings', cleanInput],
    ['a minimal image', minimalInput],
  ])('validates against the official CycloneDX 1.6 schema: %s', (_name, input) => {
    expect(validate(renderCycloneDx(input))).toEqual([]);
  });

  it('describes the image in metadata with digest, repository, tags and platform', () => {
    const bom = renderCycloneDx(fullInput) as Doc;
    expect(bom.specVersion).toBe('1.6');
    expect(bom.metadata.timestamp).toBe('2026-11-29T05:30:00Z');
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'scout-acr', version: '0.1.0' });
    const image = bom.metadata.component;
    expect(image).toMatchObject({
      type: 'container',
      name: 'contoso.azurecr.io/team/api',
      version: fullInput.image.digest,
    });
    expect(image.purl).toBe(
      'pkg:oci/api@sha256%3A4e4bc990609ed865e07afc8427c30ffdddca5153fd4e82c20d8f0783a291e241?arch=amd64&repository_url=contoso.azurecr.io/team/api',
    );
    const props = image.properties.map((p: Doc) => `${p.name}=${p.value}`);
    expect(props).toContain('scout-acr:image:platform=linux/amd64');
    expect(props).toContain('scout-acr:image:tag=latest');
    expect(props).toContain('scout-acr:image:tag=v1.4.2');
  });

  it('emits one component per package with purl, unique bom-ref, layer, location and source package', () => {
    const bom = renderCycloneDx(fullInput) as Doc;
    const refs = bom.components.map((c: Doc) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
    expect(bom.components).toHaveLength(fullInput.packages.length + 1);
    const libc = bom.components.find((c: Doc) => c.name === 'libc6');
    expect(libc.type).toBe('library');
    expect(libc.properties).toEqual(
      expect.arrayContaining([
        { name: 'scout-acr:package:source', value: 'glibc' },
        { name: 'scout-acr:location:path', value: '/var/lib/dpkg/status' },
        expect.objectContaining({ name: 'scout-acr:layer:diffID' }),
      ]),
    );
    expect(bom.components.find((c: Doc) => c.name === 'app').type).toBe('application');
    expect(bom.components.find((c: Doc) => c.type === 'operating-system')).toMatchObject({
      name: 'debian',
      version: '12',
    });
    const merges = bom.components.filter((c: Doc) => c.name === 'lodash.merge').map((c: Doc) => c['bom-ref']);
    expect(merges).toEqual(['pkg:npm/lodash.merge@4.6.2', 'pkg:npm/lodash.merge@4.6.2#2']);
  });

  it('uses SPDX ids when valid, a lone expression as expression, names otherwise', () => {
    const bom = renderCycloneDx(fullInput) as Doc;
    const byName = (name: string): Doc => bom.components.find((c: Doc) => c.name === name);
    expect(byName('libssl3').licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(byName('perl-base').licenses).toEqual([{ expression: 'GPL-1.0-or-later OR Artistic-1.0-Perl' }]);
    expect(byName('bash').licenses).toEqual([
      { license: { name: 'BSD-4-clause-UC' } },
      { license: { name: 'GPL-3+' } },
    ]);
    expect(byName('zope.interface').licenses).toEqual([{ license: { name: 'ZPL 2.1' } }]);
    expect(byName('golang.org/x/net').licenses).toBeUndefined();
  });

  it('lists vulnerabilities with ratings, affects and recommendation', () => {
    const bom = renderCycloneDx(fullInput) as Doc;
    const ids = bom.vulnerabilities.map((v: Doc) => v.id);
    expect(ids).toEqual([...ids].sort());
    const dh = bom.vulnerabilities.find((v: Doc) => v.id === 'CVE-2023-5678');
    expect(dh.source).toEqual({ name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2023-5678' });
    expect(dh.ratings).toEqual([
      {
        source: { name: 'NVD' },
        score: 5.3,
        severity: 'medium',
        method: 'CVSSv31',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L',
      },
    ]);
    expect(dh.affects.map((a: Doc) => a.ref)).toEqual([
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl',
      'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    ]);
    expect(dh.recommendation).toContain('3.0.13-1~deb12u1');
    const babel = bom.vulnerabilities.find((v: Doc) => v.id === 'GHSA-67hx-6x53-jw92');
    expect(babel.ratings[0]).toMatchObject({ method: 'CVSSv4', score: 9.3, severity: 'critical' });
    expect(babel.references).toEqual([
      { id: 'CVE-2023-45133', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2023-45133' } },
    ]);
    const temp = bom.vulnerabilities.find((v: Doc) => v.id === 'TEMP-0290435-0B57B5');
    expect(temp.ratings).toEqual([{ source: { name: 'OSV' }, severity: 'unknown' }]);
    expect(temp.recommendation).toBe('No fixed version is available yet');
    expect(renderCycloneDx(cleanInput).vulnerabilities).toBeUndefined();
  });

  it('is deterministic: same bytes for the same input in any order, serial number from the digest', () => {
    const shuffled = {
      ...fullInput,
      packages: [...fullInput.packages].reverse(),
      findings: [...(fullInput.findings ?? [])].reverse(),
      image: { ...fullInput.image, tags: [...fullInput.image.tags].reverse() },
    };
    const a = toJsonText(renderCycloneDx(fullInput));
    expect(toJsonText(renderCycloneDx(shuffled))).toBe(a);
    const bom = renderCycloneDx(fullInput) as Doc;
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((renderCycloneDx(minimalInput) as Doc).serialNumber).not.toBe(bom.serialNumber);
  });

  it('rejects a malformed digest or timestamp with a typed error', () => {
    expect(() => renderCycloneDx({ ...minimalInput, image: { ...minimalInput.image, digest: 'latest' } })).toThrow(
      FormatInputError,
    );
    expect(() => renderCycloneDx({ ...minimalInput, generatedAt: 'yesterday' })).toThrow(/generatedAt/);
  });
});

describe('the CycloneDX schema check itself', () => {
  it('catches a broken document (the validator is not vacuous)', () => {
    const bom = renderCycloneDx(fullInput) as Doc;
    bom.vulnerabilities[0].ratings[0].severity = 'catastrophic';
    bom.components[0].type = 'gadget';
    const paths = validate(bom).map((e) => e.instancePath);
    expect(paths).toContain('/vulnerabilities/0/ratings/0/severity');
    expect(paths).toContain('/components/0/type');
  });
});
