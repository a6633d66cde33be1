#!/usr/bin/env node
import { buildOpenApiDocument } from '@scout-acr/sdk/client';
import { Command, CommanderError } from 'commander';
import { addDbCommand } from './cli/db-command.js';
import { exitCodeFor, SERVER_EXIT_CODES_HELP } from './cli/exit-codes.js';
import { addKeysCommand } from './cli/keys-command.js';
import { addServeCommand } from './cli/serve-command.js';
import { SERVER_VERSION } from './version.js';

const program = new Command('scout-acr-server')
  .description('The scout-acr server: integrations, Event Grid webhook, image analysis, query API, dashboard')
  .version(SERVER_VERSION)
  .addHelpText('after', `\n${SERVER_EXIT_CODES_HELP}`)
  // Commander's own usage errors (unknown option, missing argument) exit 64 too, not 1.
  .exitOverride();
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
  // Commander has already printed its own message (or the help / version text).
  if (!(error instanceof CommanderError)) {
    process.stderr.write(`scout-acr-server: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = exitCodeFor(error);
});
