import type { Command } from 'commander';
import { createPorts } from '../adapters/ports.js';
import { loadConfig } from '../config/index.js';
import { planAdoption } from '../plan/adopt.js';
import { desiredStateFromConfig, observe } from '../state/index.js';
import { describeFailure, secretValues } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { redactor } from './output.js';

/** `scout-acr import`: adopt what Docker's retired integration left in Azure (see docs/migrating-from-docker-scout.md). */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("adopt Docker Scout's ARM-template resources (token, system topic, image-change subscription)")
    .option('-f, --file <path>', 'config file', 'scout-acr.yaml')
    .option('--dry-run', 'show what would be adopted, change nothing')
    .action(async (options: { file: string; dryRun?: boolean }) => {
      let secrets: string[] = [];
      try {
        const loaded = loadConfig(options.file);
        secrets = secretValues(loaded.config);
        const desired = desiredStateFromConfig(loaded.config);
        const ports = createPorts(loaded.config);
        const { observed } = await observe(desired, ports);
        let adoptedCount = 0;
        for (const registry of desired.registries) {
          const seen = observed.registries[registry.address];
          if (!seen) continue;
          const adoption = planAdoption(registry, seen);
          if (!adoption.inventory) {
            process.stdout.write(`registry["${registry.address}"]: nothing adopted (${adoption.reason})\n`);
            continue;
          }
          for (const item of adoption.adopted) {
            process.stdout.write(`registry["${registry.address}"].${item.kind}: adopt ${item.id}\n`);
          }
          if (!options.dryRun) await ports.server.putInventory(adoption.inventory);
          adoptedCount++;
        }
        process.stdout.write(
          options.dryRun
            ? `\n${adoptedCount} registr${adoptedCount === 1 ? 'y' : 'ies'} would be adopted (dry run).\n`
            : `\nAdopted ${adoptedCount} registr${adoptedCount === 1 ? 'y' : 'ies'}. Run \`scout-acr apply\` to hand a fresh password to the server and point the subscription at it.\n`,
        );
        process.exitCode = ExitCode.Ok;
      } catch (error) {
        const { message, code } = describeFailure(error);
        process.stderr.write(`Error: ${redactor(secrets)(message)}\n`);
        process.exitCode = code;
      }
    });
}
