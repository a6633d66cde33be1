import { z } from 'zod';
import { contractSchemas, pageOf } from './common.js';

/** Package ecosystems the analyzer catalogs. */
export const PackageType = z
  .enum(['deb', 'apk', 'rpm', 'npm', 'pypi', 'golang', 'maven'])
  .register(contractSchemas, { id: 'PackageType' });
export type PackageType = z.infer<typeof PackageType>;

/** The distribution an image is built on, from its os-release. */
export const Distro = z
  .object({
    id: z.string().describe('`ID` of os-release: debian, ubuntu, alpine, fedora…'),
    versionId: z.string().optional(),
    codename: z.string().optional(),
    prettyName: z.string().optional(),
    idLike: z.array(z.string()),
  })
  .register(contractSchemas, { id: 'Distro' });
export type Distro = z.infer<typeof Distro>;

/** One package of an image, after whiteouts and overwrites across its layers. */
export const ImagePackage = z
  .object({
    type: PackageType,
    name: z.string(),
    version: z.string(),
    purl: z.string().describe('Package URL (purl-spec), with the distro qualifier for OS packages'),
    namespace: z.string().optional().describe('npm scope or Maven group id'),
    arch: z.string().optional(),
    epoch: z.number().int().optional(),
    source: z
      .object({ name: z.string(), version: z.string().optional() })
      .optional()
      .describe('The source package distro advisories name (dpkg `Source`, source RPM, apk origin)'),
    licenses: z.array(z.string()),
    locations: z.array(z.string()).describe('Files that declared the package'),
    layer: z.string().describe('diffID of the lowest layer that declares it'),
    foundBy: z.string().describe('The cataloger that found it'),
  })
  .register(contractSchemas, { id: 'ImagePackage' });
export type ImagePackage = z.infer<typeof ImagePackage>;

export const ImagePackageList = pageOf(ImagePackage).register(contractSchemas, { id: 'ImagePackageList' });

export const ImagePackagesParams = z.object({
  id: z.string().min(1).max(64),
  digest: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .describe('A platform manifest digest (an index has one image per platform)'),
});

export const ImagePackagesQuery = z.object({
  repository: z.string().min(1).max(256).optional().describe('Needed only when the digest is in several repositories'),
  type: PackageType.optional(),
  name: z.string().min(1).max(256).optional().describe('Case-insensitive substring of the package name'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
