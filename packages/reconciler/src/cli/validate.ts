import type { Command } from 'commander';
import { ConfigError, ConfigNotFoundError, formatIssue, loadConfig } from '../config/index.js';
import { ExitCode } from './exit-codes.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scout-acr.yaml and report every problem with file, line and column')
    .option('-f, --file <path>', 'config file', 'scout-acr.yaml')
    .option('--json', 'print the result as JSON')
    .action((options: { file: string; json?: boolean }) => {
      process.exitCode = runValidate(options.file, options.json ?? false);
    });
}

export function runValidate(file: string, json: boolean): ExitCode {
  try {
    const { config } = loadConfig(file);
    if (json) process.stdout.write(`${JSON.stringify({ valid: true, file, registries: config.registries.length })}\n`);
    else
      process.stdout.write(
        `${file}: valid (${config.registries.length} registr${config.registries.length === 1 ? 'y' : 'ies'})\n`,
      );
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof ConfigError) {
      if (json) process.stdout.write(`${JSON.stringify({ valid: false, file, issues: error.issues })}\n`);
      else for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      return ExitCode.InvalidConfig;
    }
    if (error instanceof ConfigNotFoundError) {
      process.stderr.write(`scout-acr: ${error.message}\n`);
      return ExitCode.ConfigNotFound;
    }
    throw error;
  }
}
