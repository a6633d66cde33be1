#!/usr/bin/env node
import { Command } from 'commander';
import { SERVER_VERSION } from './index.js';

const program = new Command('scout-acr-server')
  .description('The scout-acr server: integrations, Event Grid webhook, image analysis, query API, dashboard')
  .version(SERVER_VERSION);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`scout-acr-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
