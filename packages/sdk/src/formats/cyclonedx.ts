/**
 * CycloneDX 1.6 JSON SBOM (https://cyclonedx.org/docs/1.6/json/): the image as `metadata.component`,
 * one component per package, and the findings as `vulnerabilities` (VEX-style, affects → component bom-ref).
 */
import {
  compareStrings,
  findingUrl,
  fixedVersionsText,
  imageName,
  imagePurl,
  imageReference,
  type NormalizedInput,
  normalizeInput,
  platformString,
  TOOL_NAME,
  TOOL_URL,
  uuidFromName,
  vulnerabilitySource,
} from './common.js';
import { compact, type JsonObject, type JsonValue } from './json.js';
import { classifyLicense } from './licenses.js';
import type { CvssRating, FindingSeverity, FormatInput, SbomPackage, VulnerabilityFinding } from './model.js';

const CYCLONEDX_SEVERITY: Record<FindingSeverity, string> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  unspecified: 'unknown',
};

const CVSS_METHOD: Record<CvssRating['version'], string> = {
  '2.0': 'CVSSv2',
  '3.0': 'CVSSv3',
  '3.1': 'CVSSv31',
  '4.0': 'CVSSv4',
};

/** Renders a CycloneDX 1.6 BOM. The serial number is derived from the image digest, so it is stable. */
export function renderCycloneDx(input: FormatInput): JsonObject {
  const n = normalizeInput(input);
  const imageRef = imageReference(input);
  const refs = componentRefs(n.packages);
  const components = n.packages.map((p, i) => component(p, refs[i] as string));
  if (input.image.os !== undefined) components.push(osComponent(input.image.os));
  const doc: { [key: string]: JsonValue | undefined } = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidFromName(`cyclonedx:${input.image.digest}`)}`,
    version: 1,
    metadata: metadata(n, imageRef),
    components,
    dependencies: [{ ref: imageRef, dependsOn: [...new Set(refs)].sort(compareStrings) }],
  };
  if (n.findings.length > 0) doc.vulnerabilities = vulnerabilities(n, refs);
  return compact(doc);
}

function metadata(n: NormalizedInput, imageRef: string): JsonObject {
  const { input } = n;
  const properties: JsonObject[] = [
    { name: 'scout-acr:image:digest', value: input.image.digest },
    { name: 'scout-acr:image:loginServer', value: input.image.loginServer },
    { name: 'scout-acr:image:repository', value: input.image.repository },
  ];
  const platform = platformString(input);
  if (platform !== undefined) properties.push({ name: 'scout-acr:image:platform', value: platform });
  if (input.image.created !== undefined)
    properties.push({ name: 'scout-acr:image:created', value: input.image.created });
  for (const tag of n.tags) properties.push({ name: 'scout-acr:image:tag', value: tag });
  return {
    timestamp: n.timestamp,
    tools: {
      components: [
        {
          type: 'application',
          name: TOOL_NAME,
          version: n.toolVersion,
          externalReferences: [{ type: 'website', url: TOOL_URL }],
        },
      ],
    },
    component: {
      type: 'container',
      'bom-ref': imageRef,
      name: imageName(input),
      version: input.image.digest,
      hashes: [{ alg: 'SHA-256', content: n.digestHex }],
      purl: imagePurl(input),
      properties,
    },
  };
}

/** bom-refs: the purl, made unique with a `#n` suffix when one purl occurs at several locations. */
function componentRefs(packages: readonly SbomPackage[]): string[] {
  const seen = new Map<string, number>();
  return packages.map((p) => {
    const count = (seen.get(p.purl) ?? 0) + 1;
    seen.set(p.purl, count);
    return count === 1 ? p.purl : `${p.purl}#${count}`;
  });
}

function component(p: SbomPackage, ref: string): JsonObject {
  const properties: JsonObject[] = [{ name: 'scout-acr:package:type', value: p.type }];
  if (p.layerDiffId !== undefined) properties.push({ name: 'scout-acr:layer:diffID', value: p.layerDiffId });
  if (p.location !== undefined) properties.push({ name: 'scout-acr:location:path', value: p.location });
  if (p.sourcePackage !== undefined) properties.push({ name: 'scout-acr:package:source', value: p.sourcePackage });
  return compact({
    type: p.type === 'binary' ? 'application' : 'library',
    'bom-ref': ref,
    name: p.name,
    version: p.version,
    licenses: licenses(p.licenses),
    purl: p.purl,
    properties,
  });
}

function osComponent(os: NonNullable<FormatInput['image']['os']>): JsonObject {
  return compact({
    type: 'operating-system',
    'bom-ref': `os:${os.id}@${os.versionId ?? 'unknown'}`,
    name: os.id,
    version: os.versionId,
    description: os.prettyName,
  });
}

/**
 * CycloneDX allows either license objects (id or name) or exactly one expression. A lone compound
 * expression becomes `expression`; otherwise ids stay ids and everything else becomes a name.
 */
function licenses(declared: readonly string[]): JsonValue[] | undefined {
  const distinct = [...new Set(declared.map((l) => l.trim()).filter((l) => l !== ''))].sort(compareStrings);
  if (distinct.length === 0) return undefined;
  const classes = distinct.map(classifyLicense);
  const only = classes[0];
  if (classes.length === 1 && only?.kind === 'expression') return [{ expression: only.expression }];
  return classes.map((c): JsonObject => {
    if (c.kind === 'id') return { license: { id: c.id } };
    return { license: { name: c.kind === 'expression' ? c.expression : c.name } };
  });
}

/** One vulnerability per id; `affects` lists every component it was found in. */
function vulnerabilities(n: NormalizedInput, refs: readonly string[]): JsonValue[] {
  const refsByPurl = new Map<string, string[]>();
  n.packages.forEach((p, i) => {
    refsByPurl.set(p.purl, [...(refsByPurl.get(p.purl) ?? []), refs[i] as string]);
  });
  const byId = new Map<string, VulnerabilityFinding[]>();
  for (const f of n.findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const out: JsonValue[] = [];
  for (const id of [...byId.keys()].sort(compareStrings)) {
    const group = byId.get(id) ?? [];
    const first = group[0] as VulnerabilityFinding;
    const affects = [...new Set(group.flatMap((f) => refsByPurl.get(f.packagePurl) ?? [f.packagePurl]))]
      .sort(compareStrings)
      .map((ref) => ({ ref }));
    const fixes = [...new Set(group.flatMap((f) => f.fixedVersions))].sort(compareStrings);
    const source = vulnerabilitySource(id);
    const aliases = [...new Set(group.flatMap((f) => f.aliases))].filter((a) => a !== id).sort(compareStrings);
    out.push(
      compact({
        'bom-ref': `vuln:${id}`,
        id,
        source,
        references: aliases.length > 0 ? aliases.map((a) => ({ id: a, source: vulnerabilitySource(a) })) : undefined,
        ratings: [rating(first, source.name)],
        description: first.summary,
        recommendation:
          fixes.length > 0 ? `Upgrade to a fixed version: ${fixes.join(', ')}` : 'No fixed version is available yet',
        advisories: [{ url: findingUrl(first) }],
        affects,
        properties: group
          .map((f) => ({
            name: 'scout-acr:fixedVersions',
            value: `${f.packagePurl} ${fixedVersionsText(f) ?? 'none'}`,
          }))
          .sort((a, b) => compareStrings(a.value, b.value)),
      }),
    );
  }
  return out;
}

function rating(f: VulnerabilityFinding, sourceName: string): JsonObject {
  return compact({
    source: { name: sourceName },
    score: f.cvss?.score,
    severity: CYCLONEDX_SEVERITY[f.severity],
    method: f.cvss === undefined ? undefined : CVSS_METHOD[f.cvss.version],
    vector: f.cvss?.vector,
  });
}
