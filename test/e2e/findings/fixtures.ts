/**
 * Image contents for the findings end-to-end test. The builders of real old packages live in the harness (the
 * README demo pushes the same image); they are re-exported here for the suites that import them from this file.
 */
export {
  OLD_GNUTLS_VERSION,
  oldLodashPackageJson,
  REQUESTS_2_30_0_METADATA,
  UBUNTU_2204_OS_RELEASE,
  ubuntuGnutlsStatus,
} from '../../harness/images/old-packages.js';

/** An OSV record absent from the shared fixtures: the "newer data" a second import brings (test data). */
export const LATER_LODASH_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-scou-tacr-e2e0',
  modified: '2026-11-01T00:00:00Z',
  published: '2026-11-01T00:00:00Z',
  aliases: ['CVE-2099-0042'],
  summary: 'A later advisory for lodash (scout-acr end-to-end test data)',
  database_specific: { severity: 'HIGH' },
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.22' }] }],
    },
  ],
};
