/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): the image as a CONTAINER package described by the
 * document, every package CONTAINed by the image, purls as PACKAGE-MANAGER external references.
 */
import {
  compareStrings,
  imageName,
  imagePurl,
  type NormalizedInput,
  normalizeInput,
  platformString,
  sha256Hex,
  TOOL_NAME,
  uuidFromName,
} from './common.js';
import { compact, type JsonObject } from './json.js';
import { spdxExpressionOf } from './licenses.js';
import type { FormatInput, SbomPackage } from './model.js';

/** Options for {@link renderSpdx}. */
export interface SpdxOptions {
  /**
   * Base URI of `documentNamespace`; the namespace is `<base>/<repository>-<uuid from digest>`.
   * Defaults to `https://scout-acr.dev/spdx` (a URI, never dereferenced, as the spec allows).
   */
  namespaceBase?: string;
}

const NOASSERTION = 'NOASSERTION';
const IMAGE_ID = 'SPDXRef-Image';

/** Renders an SPDX 2.3 document. The namespace is derived from the digest, so it is stable. */
export function renderSpdx(input: FormatInput, options: SpdxOptions = {}): JsonObject {
  const n = normalizeInput(input);
  const base = (options.namespaceBase ?? 'https://scout-acr.dev/spdx').replace(/\/+$/, '');
  const ids = packageIds(n.packages);
  const packages = [imagePackage(n), ...n.packages.map((p, i) => packageOf(p, ids[i] as string))];
  const relationships = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: IMAGE_ID },
    ...[...ids]
      .sort(compareStrings)
      .map((id) => ({ spdxElementId: IMAGE_ID, relationshipType: 'CONTAINS', relatedSpdxElement: id })),
  ];
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${imageName(input)}@${input.image.digest}`,
    documentNamespace: `${base}/${encodeURIComponent(input.image.repository)}-${uuidFromName(`spdx:${input.image.digest}`)}`,
    creationInfo: {
      created: n.timestamp,
      creators: [`Tool: ${TOOL_NAME}-${n.toolVersion}`],
    },
    packages,
    relationships,
  };
}

/** SPDX ids only allow `[A-Za-z0-9.-]`: a readable slug plus a short hash of the identity keeps them unique. */
function packageIds(packages: readonly SbomPackage[]): string[] {
  return packages.map((p) => {
    const slug = `${p.type}-${p.name}-${p.version}`.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
    const hash = sha256Hex(`${p.purl}\u0000${p.location ?? ''}\u0000${p.layerDiffId ?? ''}`).slice(0, 12);
    return `SPDXRef-Package-${slug.slice(0, 80)}-${hash}`;
  });
}

function imagePackage(n: NormalizedInput): JsonObject {
  const { input } = n;
  const platform = platformString(input);
  const comment = [
    `tags: ${n.tags.length > 0 ? n.tags.join(', ') : '(none)'}`,
    platform === undefined ? undefined : `platform: ${platform}`,
  ].filter((s) => s !== undefined);
  return compact({
    SPDXID: IMAGE_ID,
    name: imageName(input),
    versionInfo: input.image.digest,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    checksums: [{ algorithm: 'SHA256', checksumValue: n.digestHex }],
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: imagePurl(input) }],
    primaryPackagePurpose: 'CONTAINER',
    builtDate: spdxDate(input.image.created),
    comment: comment.join('; '),
  });
}

function packageOf(p: SbomPackage, id: string): JsonObject {
  const { expression, unparsed } = spdxExpressionOf(p.licenses);
  const source = [
    p.sourcePackage === undefined ? undefined : `source package: ${p.sourcePackage}`,
    p.layerDiffId === undefined ? undefined : `layer: ${p.layerDiffId}`,
    p.location === undefined ? undefined : `location: ${p.location}`,
  ].filter((s) => s !== undefined);
  return compact({
    SPDXID: id,
    name: p.name,
    versionInfo: p.version,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: expression ?? NOASSERTION,
    licenseComments:
      unparsed.length > 0 ? `Declared licenses that are not SPDX expressions: ${unparsed.join('; ')}` : undefined,
    copyrightText: NOASSERTION,
    sourceInfo: source.length > 0 ? source.join('; ') : undefined,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
    primaryPackagePurpose: p.type === 'binary' ? 'APPLICATION' : 'LIBRARY',
  });
}

/** SPDX dates are `YYYY-MM-DDTHH:MM:SSZ`; unparseable dates are left out rather than invented. */
function spdxDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : `${new Date(time).toISOString().slice(0, 19)}Z`;
}
