#!/usr/bin/env node
import { buildOpenApiDocument } from '@scout-acr/sdk/client';
import { Command } from 'commander';
import { addDbCommand } from './cli/db-command.js';
import { addKeysCommand } from './cli/keys-command.js';
import { addServeCommand } from './cli/serve-command.js';
import { SERVER_VERSION } from './version.js';

const program = new Command('scout-acr-server')
  .description('The scout-acr server: integrations, Event Grid webhook, image analysis, query API, dashboard')
  .version(SERVER_VERSION);
addServeCommand(program);
addKeysCommand(program);
addDbCommand(program);
program
  .command('openapi')
  .description('Print the OpenAPI 3.1 document of the API (also served at /v1/openapi.json)')
  .action(() => {
    process.stdout.write(`${JSON.stringify(buildOpenApiDocument(SERVER_VERSION), null, 2)}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`scout-acr-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
