import { createLogger } from '@scout-acr/sdk';
import type { Command } from 'commander';
import { startScoutServer } from '../app/server.js';
import { ENV, resolveServeConfig, type ServeFlags } from '../config/config.js';

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API, the Event Grid webhook and the job worker')
    .option('--port <port>', `listen port (env ${ENV.port}, default 8080)`)
    .option('--host <host>', `listen address (env ${ENV.host}, default 0.0.0.0)`)
    .option('--data <dir>', `data directory (env ${ENV.data}, default ~/.local/share/scout-acr)`)
    .option('--public-url <url>', `URL Event Grid reaches, for webhook URLs (env ${ENV.publicUrl})`)
    .option('--concurrency <n>', `jobs run at once (env ${ENV.concurrency}, default 4)`)
    .option(
      '--vulndb-poll <seconds>',
      `how often a new vulnerability database import is looked for; 0: only at start (env ${ENV.vulnDbPoll}, default 10)`,
    )
    .option(
      '--max-image-bytes <n>',
      `uncompressed bytes one image may expand to before its analysis stops (env ${ENV.maxImageBytes}, default 10000000000)`,
    )
    .option(
      '--max-files <n>',
      `files one image may hold before its analysis stops (env ${ENV.maxFiles}, default 2000000)`,
    )
    .action(async (flags: ServeFlags) => {
      const config = resolveServeConfig(flags);
      const logger = createLogger({ name: 'scout-acr-server', level: process.env.LOG_LEVEL ?? 'info' });
      const server = await startScoutServer({
        dataDir: config.dataDir,
        port: config.port,
        host: config.host,
        publicUrl: config.publicUrl,
        secretKey: config.secretKey,
        secretKeyFile: config.secretKeyFile,
        synchronous: config.synchronous,
        worker: { concurrency: config.concurrency },
        vulnDbPollMs: config.vulnDbPollMs,
        analysisLimits: { maxImageBytes: config.maxImageBytes, maxFiles: config.maxFiles },
        logger,
      });
      // One machine-readable line on stdout: scripts (and the sandbox) read the URL from it.
      process.stdout.write(`${JSON.stringify({ listening: server.url, publicUrl: server.publicUrl })}\n`);
      let signals = 0;
      const shutdown = (signal: string) => {
        if (++signals > 1) process.exit(130);
        logger.info({ signal }, 'shutting down: finishing requests and in-flight jobs');
        server.close(Number(process.env.SCOUT_ACR_SHUTDOWN_GRACE_MS ?? 20_000)).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    });
}
