#!/usr/bin/env node
import { Command } from 'commander';
import { EXIT_CODES_HELP, ExitCode } from './cli/exit-codes.js';
import { registerImportCommand } from './cli/import-command.js';
import { registerInsightCommands } from './cli/insight-commands.js';
import { registerReconcileCommands } from './cli/reconcile-commands.js';
import { registerRunCommand } from './cli/run-command.js';
import { registerValidate } from './cli/validate.js';
import { RECONCILER_VERSION } from './index.js';

const program = new Command('scout-acr')
  .description('Manage scout-acr (Docker Scout for Azure Container Registry) as code')
  .version(RECONCILER_VERSION)
  .addHelpText('after', `\n${EXIT_CODES_HELP}`)
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : ExitCode.Usage);
  });

registerValidate(program);
registerReconcileCommands(program);
registerRunCommand(program);
registerImportCommand(program);
registerInsightCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`scout-acr: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = ExitCode.Error;
});
