import { ScoutAcrError } from '@scout-acr/sdk/errors';
import { CommanderError } from 'commander';
import { UsageError } from '../config/config.js';
import {
  VulnDbBusyError,
  VulnDbImportError,
  VulnDbUnavailableError,
  VulnDownloadError,
  VulnSourceError,
  ZipFormatError,
} from '../vulndb/errors.js';

/** Exit codes of `scout-acr-server`, after sysexits.h like `scout-acr`'s, so scripts can tell the failures apart. */
export const ServerExitCode = {
  Ok: 0,
  Error: 1,
  Usage: 64,
  InvalidData: 65,
  NoInput: 66,
  Unavailable: 69,
  TryAgain: 75,
} as const;
export type ServerExitCode = (typeof ServerExitCode)[keyof typeof ServerExitCode];

export const SERVER_EXIT_CODES_HELP = `Exit codes:
  0   success
  1   unexpected error
  64  usage error (unknown option, invalid flag or environment value, unknown key id)
  65  invalid data (a vulnerability archive or record that cannot be imported)
  66  input not found (db import PATH)
  69  unavailable (listen address in use or not permitted, download failed, database unreadable)
  75  try again (another db import is running in the same data directory)`;

/** The exit code for an error that ended a command: the most specific error along its `cause` chain decides. */
export function exitCodeFor(error: unknown): ServerExitCode {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 8; e = (e as Error).cause, depth++) {
    const code = specificExitCode(e);
    if (code !== undefined) return code;
    if (!(e instanceof Error)) break;
  }
  return ServerExitCode.Error;
}

function specificExitCode(error: unknown): ServerExitCode | undefined {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ServerExitCode.Ok : ServerExitCode.Usage;
  if (error instanceof UsageError) return ServerExitCode.Usage;
  if (error instanceof ScoutAcrError && error.code === 'InvalidRole') return ServerExitCode.Usage;
  if (error instanceof VulnSourceError) {
    const cause = error.cause as NodeJS.ErrnoException | undefined;
    return cause?.code === 'ENOENT' ? ServerExitCode.NoInput : ServerExitCode.InvalidData;
  }
  if (error instanceof ZipFormatError) return ServerExitCode.InvalidData;
  if (error instanceof VulnDbBusyError) return ServerExitCode.TryAgain;
  if (error instanceof VulnDownloadError || error instanceof VulnDbUnavailableError) return ServerExitCode.Unavailable;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') return ServerExitCode.Unavailable;
  // An import failure without a more specific cause is still bad data, not a crash.
  if (error instanceof VulnDbImportError && !(error.cause instanceof Error)) return ServerExitCode.InvalidData;
  return undefined;
}
