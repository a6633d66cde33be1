import { ScoutAcrError } from '@scout-acr/sdk/errors';

/** A version string that an ecosystem's rules cannot parse (and its own tool would reject). */
export class InvalidVersionError extends ScoutAcrError {
  /** The comparator's scheme name, e.g. `dpkg` or `pep440`. */
  readonly scheme: string;
  /** The offending version, verbatim. */
  readonly version: string;

  constructor(scheme: string, version: string, reason: string) {
    super(`invalid ${scheme} version ${JSON.stringify(version)}: ${reason}`, { code: 'InvalidVersion', status: 400 });
    this.scheme = scheme;
    this.version = version;
  }
}

/** An OSV ecosystem name that no comparator handles. */
export class UnsupportedEcosystemError extends ScoutAcrError {
  readonly ecosystem: string;

  constructor(ecosystem: string) {
    super(`unsupported OSV ecosystem ${JSON.stringify(ecosystem)}`, { code: 'UnsupportedEcosystem', status: 400 });
    this.ecosystem = ecosystem;
  }
}

/** A CVSS vector string that does not follow the FIRST specification. */
export class InvalidCvssVectorError extends ScoutAcrError {
  readonly vector: string;

  constructor(vector: string, reason: string) {
    super(`invalid CVSS vector ${JSON.stringify(vector)}: ${reason}`, { code: 'InvalidCvssVector', status: 400 });
    this.vector = vector;
  }
}

/** An OSV `affected` entry whose ranges cannot be evaluated (malformed events, unknown range type). */
export class InvalidOsvRangeError extends ScoutAcrError {
  constructor(reason: string) {
    super(`invalid OSV affected range: ${reason}`, { code: 'InvalidOsvRange', status: 400 });
  }
}
