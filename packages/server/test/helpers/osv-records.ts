/**
 * An OSV advisory that is not in the shared fixtures: lodash < 4.17.99 (so the fixtures' lodash images match it),
 * for tests where a later database import "publishes" a new advisory. Its file name is `${id}.json`.
 */
export const LATER_LODASH_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-test-test-test',
  modified: '2026-11-01T00:00:00Z',
  published: '2026-11-01T00:00:00Z',
  aliases: ['CVE-2099-0001'],
  summary: 'A later advisory for lodash (test data)',
  database_specific: { severity: 'HIGH' },
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.99' }] }],
    },
  ],
};
