#!/usr/bin/env node
import { Command } from 'commander';
import { RECONCILER_VERSION } from './index.js';

const program = new Command('scout-acr')
  .description('Manage scout-acr (Docker Scout for Azure Container Registry) as code')
  .version(RECONCILER_VERSION);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`scout-acr: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
