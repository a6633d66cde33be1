export { globToRegExp, isGlob, type RepositorySelection, selectRepositories, toSelection } from './glob.js';
