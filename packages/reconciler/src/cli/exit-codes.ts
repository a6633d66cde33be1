/**
 * Exit codes of `scout-acr`. 0/1/2 follow Terraform's `plan -detailed-exitcode`; the rest follow sysexits.h so
 * scripts can tell a bad config from an unreachable server from a held lease.
 */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  /** `plan --detailed-exitcode`: the plan has changes. `cves --exit-code`: vulnerabilities remain. */
  Changes: 2,
  Usage: 64,
  InvalidConfig: 65,
  ConfigNotFound: 66,
  Unavailable: 69,
  LeaseHeld: 75,
  Unauthorized: 77,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `Exit codes:
  0   success (plan: no changes)
  1   error
  2   plan --detailed-exitcode: changes present
  64  usage error
  65  invalid config (every problem is listed with file:line:column)
  66  config file not found
  69  server or Azure unreachable
  75  another reconciler holds the lease
  77  not authorized (bad API key or Azure credential)`;
