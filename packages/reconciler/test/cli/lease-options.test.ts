import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addLeaseOptions, leaseRunOptions } from '../../src/cli/lease-options.js';

/** Parses `args` with the lease options only; commander errors become thrown errors instead of an exit. */
function parse(...args: string[]) {
  const command = addLeaseOptions(new Command('run'))
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  command.parse(args, { from: 'user' });
  return leaseRunOptions(command.opts());
}

describe('lease options (apply, destroy, run)', () => {
  it('default to no wait and a 5-minute lease', () => {
    expect(parse()).toEqual({ waitForLeaseMs: 0, leaseTtlMs: 300_000 });
  });

  it('take durations', () => {
    expect(parse('--wait-for-lease', '2m', '--lease-ttl', '30s')).toEqual({
      waitForLeaseMs: 120_000,
      leaseTtlMs: 30_000,
    });
    expect(parse('--lease-ttl', '1h')).toMatchObject({ leaseTtlMs: 3_600_000 });
  });

  it('refuse a TTL below 10 s or above 24 h, and anything that is not a duration', () => {
    expect(() => parse('--lease-ttl', '5s')).toThrow('--lease-ttl must be between 10s and 24h, got "5s"');
    expect(() => parse('--lease-ttl', '25h')).toThrow('--lease-ttl must be between 10s and 24h, got "25h"');
    expect(() => parse('--wait-for-lease', 'soon')).toThrow('invalid duration "soon"');
  });
});
