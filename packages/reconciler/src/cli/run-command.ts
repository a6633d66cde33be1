import { createLogger } from '@scout-acr/sdk';
import { watch } from 'chokidar';
import type { Command } from 'commander';
import { createPorts } from '../adapters/ports.js';
import { loadConfig } from '../config/index.js';
import { startHealthServer } from '../daemon/health-server.js';
import { ReconcileLoop } from '../daemon/loop.js';
import { createDaemonMetrics } from '../daemon/metrics.js';
import { hasChanges } from '../plan/index.js';
import { LeaseHeldError, reconcileOnce } from '../reconcile.js';
import { desiredStateFromConfig } from '../state/index.js';
import { describeFailure, secretValues } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { addLeaseOptions, type LeaseOptions, leaseRunOptions } from './lease-options.js';
import { parseDuration, redactor } from './output.js';

interface RunOptions extends LeaseOptions {
  file: string;
  interval: string;
  once?: boolean;
  healthPort: string;
  healthHost: string;
  concurrency: string;
  allowEmpty?: boolean;
  maxDeletes?: string;
}

/**
 * `scout-acr run`: the daemon/sidecar. Reconciles now, then every --interval (jittered) and within seconds of a
 * change to the config file; JSON logs on stderr; /healthz, /readyz, /metrics; SIGTERM finishes the current step,
 * releases the lease and exits 0. `--once` reconciles a single time (cron).
 */
export function registerRunCommand(program: Command): void {
  addLeaseOptions(
    program
      .command('run')
      .description('reconcile continuously (daemon, sidecar) or once (--once, for cron)')
      .option('-f, --file <path>', 'config file', 'scout-acr.yaml')
      .option('--interval <duration>', 'time between reconciles', '5m')
      .option('--once', 'reconcile once and exit (75 if another reconciler holds the lease)')
      .option('--health-port <port>', 'port of /healthz, /readyz and /metrics (0: any free port)', '9090')
      .option('--health-host <host>', 'address of the health server', '0.0.0.0')
      .option('--concurrency <n>', 'Azure requests in flight at once (all registries share them)', '8')
      .option('--allow-empty', 'allow a config that removes every managed registry')
      .option('--max-deletes <n>', 'refuse plans that delete more than this many resources'),
  ).action(async (options: RunOptions) => {
    process.exitCode = await runDaemon(options);
  });
}

async function runDaemon(options: RunOptions): Promise<number> {
  const logger = createLogger({ name: 'scout-acr', level: process.env.LOG_LEVEL ?? 'info' });
  const metrics = createDaemonMetrics();
  let ready = false;
  let lastFailed = false;
  let leaseHeld = false;
  let secrets: string[] = [];

  const reconcile = async (signal: AbortSignal): Promise<void> => {
    const started = performance.now();
    try {
      const loaded = loadConfig(options.file);
      secrets = secretValues(loaded.config);
      const ports = createPorts(loaded.config, { logger, concurrency: Number(options.concurrency) });
      const { plan, result } = await reconcileOnce(desiredStateFromConfig(loaded.config), ports, {
        signal,
        logger,
        concurrency: Number(options.concurrency),
        allowEmpty: options.allowEmpty,
        maxDeletes: options.maxDeletes === undefined ? undefined : Number(options.maxDeletes),
        ...leaseRunOptions(options),
        holder: `scout-acr run (pid ${process.pid})`,
        onProgress: ({ action, phase, error }) => {
          if (phase === 'start') return;
          metrics.actions.inc({ kind: action.kind, resource: action.resource, outcome: phase });
          if (phase === 'failed' && /throttl|toomanyrequests/i.test(describeFailure(error).message))
            metrics.throttled.inc();
          logger.info({ address: action.address, kind: action.kind, phase }, 'action');
        },
      });
      const drifted = plan.registries.filter((r) => r.actions.length > 0).length;
      metrics.drift.inc({}, drifted);
      lastFailed = result.failed.length > 0;
      leaseHeld = false;
      metrics.reconciles.inc({ result: lastFailed ? 'failed' : hasChanges(plan) ? 'changed' : 'ok' });
      logger.info({ ...plan.summary, drifted, applied: result.applied, failed: result.failed.length }, 'reconciled');
      ready = true;
    } catch (error) {
      const { message } = describeFailure(error);
      leaseHeld = error instanceof LeaseHeldError;
      if (signal.aborted) {
        // Stopped (SIGTERM) while waiting for the lease or between steps: not a failure of the reconcile.
        logger.info('reconcile interrupted by shutdown');
        return;
      }
      if (leaseHeld) metrics.reconciles.inc({ result: 'lease-held' });
      else {
        metrics.reconciles.inc({ result: 'failed' });
        lastFailed = true;
      }
      logger.error({ err: redactor(secrets)(message) }, 'reconcile failed');
    } finally {
      metrics.duration.observe((performance.now() - started) / 1000);
    }
  };

  if (options.once) {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    await reconcile(stop.signal);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    if (leaseHeld) return ExitCode.LeaseHeld;
    return lastFailed ? ExitCode.Error : ExitCode.Ok;
  }

  const health = await startHealthServer(Number(options.healthPort), options.healthHost, {
    ready: () => ready && !lastFailed,
    metrics: () => metrics.render(),
  });
  logger.info({ health: health.url, interval: options.interval }, 'scout-acr daemon started');
  const loop = new ReconcileLoop({ intervalMs: parseDuration(options.interval), reconcile });
  const watcher = watch(options.file, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 200 } });
  watcher.on('all', () => {
    logger.info({ file: options.file }, 'config changed');
    loop.trigger();
  });
  loop.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: finishing the current step');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await loop.stop();
  await watcher.close();
  await health.close();
  logger.info('stopped');
  return ExitCode.Ok;
}
