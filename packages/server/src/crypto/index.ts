export { constantTimeEqualHash, sha256 } from './hash.js';
export { SecretBox } from './secret-box.js';
export { loadSecretKey, type SecretKeySource } from './secret-key.js';
