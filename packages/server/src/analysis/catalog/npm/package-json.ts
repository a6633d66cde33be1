import { type Cataloger, packageFindings } from '../types.js';
import { npmLicenses, npmPackage, parseJson } from './npm-package.js';

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`. */
const INSTALLED = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

/** Catalogs installed npm packages from their own package.json. */
export const npmPackageJsonCataloger: Cataloger = {
  name: 'npm-package-json',
  maxBytes: 2 * 1024 * 1024,
  wants: (path) => INSTALLED.test(path),
  catalog(path, content) {
    const json = parseJson(content) as Record<string, unknown> | undefined;
    if (!json || typeof json.name !== 'string' || typeof json.version !== 'string') return [];
    const licenses = npmLicenses(json.license, json.licenses);
    return packageFindings([npmPackage(json.name, json.version, path, 'npm-package-json', licenses)]);
  },
};
