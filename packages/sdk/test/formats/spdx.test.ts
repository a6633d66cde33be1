import parseSpdx from 'spdx-expression-parse';
import { describe, expect, it } from 'vitest';
import { renderSpdx, toJsonText } from '../../src/formats/index.js';
import { cleanInput, type Doc, fullInput, minimalInput } from './fixtures.js';
import { vendoredValidator } from './schemas.js';

const validate = vendoredValidator('spdx-2.3.subset.schema.json');

describe('renderSpdx', () => {
  it.each([
    ['a Debian image with app packages', fullInput],
    ['an image with no findings', cleanInput],
    ['a minimal image', minimalInput],
  ])('validates against the SPDX 2.3 schema: %s', (_name, input) => {
    expect(validate(renderSpdx(input))).toEqual([]);
  });

  it('describes the image and contains every package, with purls and valid SPDX ids', () => {
    const doc = renderSpdx(fullInput) as Doc;
    expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT' });
    expect(doc.creationInfo).toEqual({ created: '2026-11-29T05:30:00Z', creators: ['Tool: scout-acr-0.1.0'] });
    const image = doc.packages[0];
    expect(image).toMatchObject({ SPDXID: 'SPDXRef-Image', primaryPackagePurpose: 'CONTAINER' });
    expect(image.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: fullInput.image.digest.slice(7) }]);
    expect(doc.packages).toHaveLength(fullInput.packages.length + 1);
    const ids = doc.packages.map((p: Doc) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[a-zA-Z0-9.-]+$/);
    const babel = doc.packages.find((p: Doc) => p.name === '@babel/traverse');
    expect(babel.externalRefs).toEqual([
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: 'pkg:npm/%40babel/traverse@7.22.5',
      },
    ]);
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Image',
    });
    const contained = doc.relationships.filter((r: Doc) => r.relationshipType === 'CONTAINS');
    expect(contained.map((r: Doc) => r.relatedSpdxElement).sort()).toEqual(ids.slice(1).sort());
  });

  it('declares licenses as valid SPDX expressions or NOASSERTION', () => {
    const doc = renderSpdx(fullInput) as Doc;
    const byName = (name: string): Doc => doc.packages.find((p: Doc) => p.name === name);
    for (const p of doc.packages) {
      if (p.licenseDeclared !== 'NOASSERTION') expect(() => parseSpdx(p.licenseDeclared)).not.toThrow();
    }
    expect(byName('libc6').licenseDeclared).toBe('GPL-2.0-only AND LGPL-2.1-or-later');
    expect(byName('apt').licenseDeclared).toBe('GPL-2.0-or-later');
    expect(byName('apt').licenseComments).toContain('GPL-2+');
    expect(byName('zope.interface').licenseDeclared).toBe('NOASSERTION');
    expect(byName('perl-base').licenseDeclared).toBe('GPL-1.0-or-later OR Artistic-1.0-Perl');
    expect(byName('typing_extensions').licenseDeclared).toBe('LicenseRef-PSF-Extra AND Python-2.0');
  });

  it('derives the namespace from the digest and is byte-for-byte deterministic', () => {
    const a = renderSpdx(fullInput) as Doc;
    expect(a.documentNamespace).toMatch(/^https:\/\/scout-acr\.dev\/spdx\/team%2Fapi-[0-9a-f-]{36}$/);
    expect((renderSpdx(cleanInput) as Doc).documentNamespace).toBe(a.documentNamespace);
    expect((renderSpdx(minimalInput) as Doc).documentNamespace).not.toBe(a.documentNamespace);
    const shuffled = { ...fullInput, packages: [...fullInput.packages].reverse() };
    expect(toJsonText(renderSpdx(shuffled))).toBe(toJsonText(renderSpdx(fullInput)));
    expect((renderSpdx(fullInput, { namespaceBase: 'https://sbom.example.com/' }) as Doc).documentNamespace).toMatch(
      /^https:\/\/sbom\.example\.com\/team%2Fapi-/,
    );
  });
});

describe('the SPDX schema check itself', () => {
  it('catches invalid SPDXIDs, unknown fields and missing required fields', () => {
    const doc = renderSpdx(fullInput) as Doc;
    doc.packages[1].SPDXID = 'SPDXRef-has space';
    doc.packages[2].purl = 'pkg:npm/x@1';
    delete doc.packages[3].downloadLocation;
    const errors = validate(doc).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/packages/1/SPDXID pattern',
        '/packages/2 additionalProperties',
        '/packages/3 required',
      ]),
    );
  });
});
