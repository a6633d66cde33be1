/**
 * Image contents with real old packages that real OSV records match: Ubuntu 22.04 with gnutls28 below the fix of
 * CVE-2024-0553, lodash 4.17.15 and Python `requests` 2.30.0. The files are real package metadata (this
 * machine's dpkg stanza, the workspace's lodash package.json, the wheel's METADATA); each rewrite is stated.
 * Used by the findings and insights end-to-end suites and by the README demo.
 */
import { dpkgStanzas, lodashPackageJson } from '../../../packages/server/test/analyze/helpers/real-packages.js';
import type { LayerSpec } from './layout.js';

/** The version of gnutls28 Ubuntu 22.04 shipped before USN-6593-1 (fixed in 3.7.3-4ubuntu1.4). */
export const OLD_GNUTLS_VERSION = '3.7.3-4ubuntu1.3';

/**
 * The real dpkg status stanza of `libgnutls30` (binary of source `gnutls28`) installed on this machine, with only
 * its `Version:` field rewritten to the Ubuntu 22.04 build below the fix of CVE-2024-0553. Every other field
 * (Package, Source: gnutls28, Architecture, Depends, Description…) is the real one.
 */
export function ubuntuGnutlsStatus(): string {
  const stanza = dpkgStanzas(['libgnutls30']);
  if (!/^Source: gnutls28$/m.test(stanza)) throw new Error('libgnutls30 on this machine is not built from gnutls28');
  return stanza.replace(/^Version: .+$/m, `Version: ${OLD_GNUTLS_VERSION}`);
}

/** `/etc/os-release` of Ubuntu 22.04 (jammy), as the 22.04.4 LTS images ship it. */
export const UBUNTU_2204_OS_RELEASE = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
`;

/** The real package.json of the lodash installed in the workspace, with its `version` field set to 4.17.15. */
export function oldLodashPackageJson(): string {
  const pkg = JSON.parse(lodashPackageJson().content) as { version: string };
  pkg.version = '4.17.15';
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * The METADATA headers of the `requests-2.30.0-py3-none-any.whl` wheel (PyPI), without the long description:
 * this machine has no `requests` installed to copy it from.
 */
export const REQUESTS_2_30_0_METADATA = `Metadata-Version: 2.1
Name: requests
Version: 2.30.0
Summary: Python HTTP for Humans.
Home-page: https://requests.readthedocs.io
Author: Kenneth Reitz
Author-email: me@kennethreitz.org
License: Apache 2.0
Project-URL: Documentation, https://requests.readthedocs.io
Project-URL: Source, https://github.com/psf/requests
Classifier: Development Status :: 5 - Production/Stable
Classifier: Environment :: Web Environment
Classifier: Intended Audience :: Developers
Classifier: License :: OSI Approved :: Apache Software License
Classifier: Natural Language :: English
Classifier: Operating System :: OS Independent
Classifier: Programming Language :: Python
Classifier: Programming Language :: Python :: 3
Classifier: Programming Language :: Python :: 3.7
Classifier: Programming Language :: Python :: 3.8
Classifier: Programming Language :: Python :: 3.9
Classifier: Programming Language :: Python :: 3.10
Classifier: Programming Language :: Python :: 3.11
Classifier: Programming Language :: Python :: 3 :: Only
Classifier: Programming Language :: Python :: Implementation :: CPython
Classifier: Programming Language :: Python :: Implementation :: PyPy
Classifier: Topic :: Internet :: WWW/HTTP
Classifier: Topic :: Software Development :: Libraries
Requires-Python: >=3.7
Description-Content-Type: text/markdown
License-File: LICENSE
Requires-Dist: charset-normalizer (<4,>=2)
Requires-Dist: idna (<4,>=2.5)
Requires-Dist: urllib3 (<3,>=1.21.1)
Requires-Dist: certifi (>=2017.4.17)
Provides-Extra: security
Provides-Extra: socks
Requires-Dist: PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'
Provides-Extra: use_chardet_on_py3
Requires-Dist: chardet (<6,>=3.0.2) ; extra == 'use_chardet_on_py3'

# Requests
`;

/** The base layer: Ubuntu 22.04's os-release and a dpkg database holding the old gnutls. */
export function ubuntuOldGnutlsLayer(): LayerSpec {
  return { files: { 'etc/os-release': UBUNTU_2204_OS_RELEASE, 'var/lib/dpkg/status': ubuntuGnutlsStatus() } };
}

/** An application layer with lodash 4.17.15 and requests 2.30.0 where an npm install and pip put them. */
export function oldAppLayer(extra: Record<string, string> = {}): LayerSpec {
  return {
    files: {
      'srv/app/node_modules/lodash/package.json': oldLodashPackageJson(),
      'usr/local/lib/python3.10/dist-packages/requests-2.30.0.dist-info/METADATA': REQUESTS_2_30_0_METADATA,
      ...extra,
    },
  };
}
