/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

/** A platform as in OCI indexes and image configs. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

/** A single-platform image manifest (OCI or Docker schema 2). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** A multi-platform index (OCI image index or Docker manifest list). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** A fetched manifest: parsed, with the exact bytes whose digest was verified. */
export type FetchedManifest =
  | { kind: 'index'; digest: string; mediaType: string; size: number; bytes: Buffer; index: ImageIndex }
  | { kind: 'image'; digest: string; mediaType: string; size: number; bytes: Buffer; manifest: ImageManifest };

/** The OCI image config fields scout-acr reads (others are kept in the parsed object). */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    User?: string;
    WorkingDir?: string;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: Array<{ created?: string; created_by?: string; empty_layer?: boolean; comment?: string }>;
  [key: string]: unknown;
}

/** A platform's image resolved from a tag or digest (through its index, if any). */
export interface ResolvedImage {
  repository: string;
  /** Digest of the single-platform manifest. */
  digest: string;
  /** Digest of the index the manifest was selected from, when the reference named an index. */
  indexDigest?: string;
  mediaType: string;
  manifest: ImageManifest;
  config: ImageConfig;
  platform: Platform | undefined;
}

/** A tag as ACR's `/acr/v1/<repo>/_tags` reports it. */
export interface AcrTag {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
  signed?: boolean;
  changeableAttributes?: Record<string, boolean>;
}

/** The newest tag of a repository and how it was determined. */
export interface NewestTag {
  name: string;
  digest: string | undefined;
  /** When the tag (ACR) or the image config (fallback) says it was last updated/created. */
  updatedAt: string | undefined;
  /** `acr`: ACR's `_tags?orderby=timedesc`; `config-created`: the image configs' `created` fields. */
  source: 'acr' | 'config-created';
}
