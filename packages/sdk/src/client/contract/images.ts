import { z } from 'zod';
import { contractSchemas, pageOf, Timestamp } from './common.js';
import { Distro } from './packages.js';
import { SeverityCounts } from './vulnerabilities.js';

export const Platform = z
  .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
  .register(contractSchemas, { id: 'Platform' });

export const Layer = z
  .object({
    digest: z.string(),
    diffId: z.string().nullable(),
    size: z.number().int(),
    mediaType: z.string(),
  })
  .register(contractSchemas, { id: 'Layer' });

export const ImageStatus = z
  .enum(['RECORDED', 'ANALYZED', 'FAILED', 'DELETED'])
  .register(contractSchemas, { id: 'ImageStatus' });

/** One platform image: a manifest digest, reached directly or through an index. */
export const Image = z
  .object({
    digest: z.string().describe('The platform manifest digest'),
    indexDigest: z.string().nullable().describe('The index that lists this manifest, if any'),
    repository: z.string(),
    tags: z.array(z.string()),
    platform: Platform.nullable(),
    mediaType: z.string(),
    layers: z.array(Layer),
    created: Timestamp.nullable(),
    labels: z.record(z.string(), z.string()),
    status: ImageStatus,
    recordedAt: Timestamp,
    deletedAt: Timestamp.nullable(),
    analyzedAt: Timestamp.nullable().describe('When the packages were last inventoried; null until then'),
    distro: Distro.nullable(),
    packageCount: z.number().int().nullable(),
    analysisError: z
      .string()
      .nullable()
      .describe('Why the last analysis failed (`CorruptLayer: …`); null after a success'),
    vulnerabilities: SeverityCounts.nullable()
      .optional()
      .describe('Findings per severity at the last matching; null until matched (no vulnerability database yet)'),
    vulnDbVersion: z
      .string()
      .nullable()
      .optional()
      .describe('`importedAt` of the vulnerability database of the last matching'),
    matchedAt: Timestamp.nullable().optional().describe('When the image was last matched'),
  })
  .register(contractSchemas, { id: 'Image' });
export type Image = z.infer<typeof Image>;

export const ImageList = pageOf(Image).register(contractSchemas, { id: 'ImageList' });

export const ImageListQuery = z.object({
  repository: z.string().min(1).max(256),
  includeDeleted: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** `repo:tag`, `repo@sha256:…` or a bare `sha256:…` digest. */
export const ImageLookupQuery = z.object({ reference: z.string().min(1).max(512) });

export const ImageLookup = z
  .object({ reference: z.string(), images: z.array(Image) })
  .register(contractSchemas, { id: 'ImageLookup' });
export type ImageLookup = z.infer<typeof ImageLookup>;
