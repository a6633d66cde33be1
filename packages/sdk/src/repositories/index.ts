export { globToRegExp, isGlob } from './glob.js';
