import { type Cataloger, type FoundPackage, packageFindings } from '../types.js';
import { DEFAULT_ZIP_LIMITS, listZip, readZipEntry, type ZipLimits } from './zip.js';

/** Java archive extensions (Jenkins plugins are jars too). */
const ARCHIVE = /\.(?:jar|war|ear|jpi|hpi)$/i;
/** Nested archives are opened this many levels deep (a war's WEB-INF/lib jars, a Spring Boot fat jar's BOOT-INF/lib). */
const MAX_DEPTH = 3;

/** Parses `key=value` Java properties (comments and blank lines skipped, no escapes needed here). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (match) out[match[1]!] = match[2]!.trim();
  }
  return out;
}

/** Parses the main section of MANIFEST.MF (72-byte lines continued by a leading space). */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // end of the main section
    if (line.startsWith(' ') && last) {
      out[last] += line.slice(1);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    out[last] = line.slice(colon + 1).trim();
  }
  return out;
}

/** `commons-io-2.11.0.jar` → `{name: commons-io, version: 2.11.0}`. */
export function nameVersionFromFileName(fileName: string): { name: string; version?: string } {
  const base = fileName.replace(/^.*\//, '').replace(ARCHIVE, '');
  const match = /^(.+?)-(\d[^-]*(?:-[^-]+)*)$/.exec(base);
  return match ? { name: match[1]!, version: match[2]! } : { name: base };
}

/**
 * Catalogs a Java archive: one maven package per `META-INF/maven/<group>/<artifact>/pom.properties` (shaded jars
 * carry several); without any, one package from MANIFEST.MF and the file name. Nested archives are catalogued
 * with locations `outer.war!/WEB-INF/lib/inner.jar`.
 */
export function catalogJavaArchive(
  content: Buffer,
  location: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  depth = 0,
): FoundPackage[] {
  const entries = listZip(content, limits);
  const out: FoundPackage[] = [];
  let manifest: Record<string, string> = {};
  const manifestEntry = entries.find((e) => e.name.toUpperCase() === 'META-INF/MANIFEST.MF');
  if (manifestEntry) manifest = parseManifest(readZipEntry(content, manifestEntry, limits).toString('utf8'));
  const licenses = manifest['Bundle-License'] ? [manifest['Bundle-License']] : [];

  for (const entry of entries) {
    if (!/^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(entry.name)) continue;
    const props = parseProperties(readZipEntry(content, entry, limits).toString('utf8'));
    if (!props.groupId || !props.artifactId || !props.version) continue;
    out.push({
      type: 'maven',
      namespace: props.groupId,
      name: props.artifactId,
      version: props.version,
      licenses,
      location,
      foundBy: 'java-archive',
    });
  }
  if (out.length === 0) {
    const fromName = nameVersionFromFileName(location);
    const version = manifest['Implementation-Version'] ?? manifest['Bundle-Version'] ?? fromName.version;
    if (version) {
      const pkg: FoundPackage = {
        type: 'maven',
        name: fromName.name,
        version,
        licenses,
        location,
        foundBy: 'java-archive',
      };
      const group =
        manifest['Implementation-Vendor-Id'] ?? groupFromSymbolicName(manifest['Bundle-SymbolicName'], fromName.name);
      if (group) pkg.namespace = group;
      out.push(pkg);
    }
  }

  if (depth < MAX_DEPTH) {
    for (const entry of entries) {
      if (!ARCHIVE.test(entry.name) || entry.name.endsWith('/')) continue;
      try {
        const inner = readZipEntry(content, entry, limits);
        out.push(...catalogJavaArchive(inner, `${location}!/${entry.name}`, limits, depth + 1));
      } catch {
        // A corrupt nested archive hides only its own packages.
      }
    }
  }
  return out;
}

/** `org.apache.commons.commons-io` with artifact `commons-io` → `org.apache.commons`. */
function groupFromSymbolicName(symbolicName: string | undefined, artifact: string): string | undefined {
  const name = symbolicName?.split(';')[0]?.trim();
  if (!name?.includes('.')) return undefined;
  const suffix = `.${artifact}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

export const javaArchiveCataloger: Cataloger = {
  name: 'java-archive',
  maxBytes: 256 * 1024 * 1024,
  wants: (path) => ARCHIVE.test(path),
  catalog: (path, content) => packageFindings(catalogJavaArchive(content, path)),
};
