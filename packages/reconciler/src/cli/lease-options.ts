/**
 * The lease options every command that writes shares (`apply`, `destroy`, `run`), so they mean the same
 * everywhere: how long to wait for another reconciler's lease, and how long our own lease lives without renewal.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from './output.js';

/** The server accepts 1 s to 24 h; below 10 s, a slow renewal round trip could let the lease lapse mid-apply. */
const MIN_TTL_MS = 10_000;
const MAX_TTL_MS = 24 * 3_600_000;

export interface LeaseOptions {
  waitForLease: number;
  leaseTtl: number;
}

function duration(what: string, min: number, max: number) {
  return (value: string): number => {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
    if (ms < min || ms > max)
      throw new InvalidArgumentError(`${what} must be between ${min / 1000}s and ${max / 3_600_000}h, got "${value}"`);
    return ms;
  };
}

export function addLeaseOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--wait-for-lease <duration>',
        'wait up to this long (retrying with back-off) for another reconciler to release the lease, instead of ' +
          'exiting 75 at once',
      )
        .argParser(duration('--wait-for-lease', 0, MAX_TTL_MS))
        .default(0, '0s'),
    )
    .addOption(
      new Option(
        '--lease-ttl <duration>',
        'lifetime of this reconciler’s lease on the server; renewed every third of it, so a reconciler that ' +
          'dies blocks others for at most this long',
      )
        .argParser(duration('--lease-ttl', MIN_TTL_MS, MAX_TTL_MS))
        .default(5 * 60_000, '5m'),
    );
}

/** The options of {@link addLeaseOptions} as `reconcileOnce` takes them. */
export function leaseRunOptions(options: LeaseOptions): { waitForLeaseMs: number; leaseTtlMs: number } {
  return { waitForLeaseMs: options.waitForLease, leaseTtlMs: options.leaseTtl };
}
