export { type Compression, compress, LAYER_MEDIA_TYPES } from './compress.js';
export {
  type BuiltImage,
  type BuiltLayout,
  buildOciLayout,
  type Descriptor,
  type ImageSpec,
  type LayerSpec,
  type PlatformSpec,
  readLayoutBlob,
} from './layout.js';
export {
  OLD_GNUTLS_VERSION,
  oldAppLayer,
  oldLodashPackageJson,
  REQUESTS_2_30_0_METADATA,
  UBUNTU_2204_OS_RELEASE,
  ubuntuGnutlsStatus,
  ubuntuOldGnutlsLayer,
} from './old-packages.js';
export { deleteImage, type PushTarget, pushImage } from './skopeo.js';
export { buildTar, type FileTree, type TreeEntry } from './tar.js';
