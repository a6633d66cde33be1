import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createPorts } from '../adapters/ports.js';
import { loadConfig } from '../config/index.js';
import { hasChanges, type Plan, renderPlanText } from '../plan/index.js';
import { planChanges, reconcileOnce } from '../reconcile.js';
import { desiredStateFromConfig } from '../state/index.js';
import { describeFailure, secretValues } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { addLeaseOptions, type LeaseOptions, leaseRunOptions } from './lease-options.js';
import { redactor, useColor } from './output.js';
import { readPlanFile, writePlanFile } from './plan-file.js';

interface CommonOptions {
  file: string;
  color?: boolean;
  concurrency: string;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Only 'yes' will be accepted: `)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

/** Runs a command body, mapping every failure to its documented exit code with secrets redacted. */
async function guarded(secrets: () => string[], body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const { message, code } = describeFailure(error);
    process.stderr.write(`Error: ${redactor(secrets())(message)}\n`);
    process.exitCode = code;
  }
}

export function registerReconcileCommands(program: Command): void {
  const common = (command: Command) =>
    command
      .option('-f, --file <path>', 'config file', 'scout-acr.yaml')
      .option('--no-color', 'no ANSI colours')
      .option('--concurrency <n>', 'Azure requests in flight at once (all registries share them)', '8');

  common(program.command('plan').description('show what apply would change, like terraform plan'))
    .option('--json', 'print the plan as a versioned JSON document')
    .option('--out <path>', 'save the plan for `scout-acr apply <path>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .action(async (options: CommonOptions & { json?: boolean; out?: string; detailedExitcode?: boolean }) => {
      let secrets: string[] = [];
      await guarded(
        () => secrets,
        async () => {
          const loaded = loadConfig(options.file);
          secrets = secretValues(loaded.config);
          const ports = createPorts(loaded.config, { concurrency: Number(options.concurrency) });
          const { plan } = await planChanges(desiredStateFromConfig(loaded.config), ports, {
            concurrency: Number(options.concurrency),
          });
          if (options.out) writePlanFile(options.out, plan);
          const text = options.json
            ? `${JSON.stringify(plan, null, 2)}\n`
            : renderPlanText(plan, { color: useColor(options.color) });
          process.stdout.write(redactor(secrets)(text));
          if (options.out && !options.json)
            process.stdout.write(`\nSaved the plan to ${options.out}; apply it with: scout-acr apply ${options.out}\n`);
          const failed = plan.registries.some((r) => r.status === 'error');
          if (failed) return ExitCode.Error;
          return options.detailedExitcode && hasChanges(plan) ? ExitCode.Changes : ExitCode.Ok;
        },
      );
    });

  const applyLike = (name: 'apply' | 'destroy', description: string) =>
    addLeaseOptions(
      common(program.command(name).description(description))
        .option('--auto-approve', 'do not ask for confirmation')
        .option('--allow-empty', 'allow a plan that removes every managed registry')
        .option('--max-deletes <n>', 'refuse plans that delete more than this many resources'),
    );

  const runApply = async (
    mode: 'apply' | 'destroy',
    planFile: string | undefined,
    options: CommonOptions & LeaseOptions & { autoApprove?: boolean; allowEmpty?: boolean; maxDeletes?: string },
  ) => {
    let secrets: string[] = [];
    await guarded(
      () => secrets,
      async () => {
        const loaded = loadConfig(options.file);
        secrets = secretValues(loaded.config);
        const desired = desiredStateFromConfig(loaded.config);
        if (mode === 'destroy') desired.registries = [];
        const ports = createPorts(loaded.config, { concurrency: Number(options.concurrency) });
        const color = useColor(options.color);
        let savedPlan: Plan | undefined = planFile ? readPlanFile(planFile) : undefined;
        if (!savedPlan && !options.autoApprove) {
          const { plan } = await planChanges(desired, ports, { concurrency: Number(options.concurrency) });
          process.stdout.write(redactor(secrets)(renderPlanText(plan, { color })));
          if (!hasChanges(plan)) return ExitCode.Ok;
          if (!process.stdin.isTTY) {
            process.stderr.write('Error: no terminal to confirm on; pass --auto-approve or apply a saved plan\n');
            return ExitCode.Usage;
          }
          if (!(await confirm('\nDo you want to perform these actions?'))) {
            process.stdout.write('Apply cancelled.\n');
            return ExitCode.Error;
          }
          savedPlan = plan;
        }
        const { plan, result } = await reconcileOnce(desired, ports, {
          savedPlan,
          concurrency: Number(options.concurrency),
          allowEmpty: options.allowEmpty || mode === 'destroy',
          maxDeletes: options.maxDeletes === undefined ? undefined : Number(options.maxDeletes),
          ...leaseRunOptions(options),
          holder: `scout-acr ${mode} (pid ${process.pid})`,
          onProgress: ({ action, phase, error }) => {
            if (phase === 'start') return;
            const mark = phase === 'done' ? 'done' : `FAILED: ${describeFailure(error).message}`;
            process.stdout.write(redactor(secrets)(`${action.address}: ${action.kind} ${mark}\n`));
          },
        });
        for (const failure of result.failed) {
          process.stderr.write(
            redactor(secrets)(`Error: ${failure.address}: ${describeFailure(failure.error).message}\n`),
          );
        }
        const { add, change, destroy } = plan.summary;
        process.stdout.write(
          `\nApply ${result.failed.length > 0 ? 'incomplete' : 'complete'}! Resources: ${add} added, ${change} changed, ${destroy} destroyed (${result.applied} steps done, ${result.failed.length} failed, ${result.skipped} skipped).\n`,
        );
        if (plan.registries.some((r) => r.status === 'error')) {
          for (const r of plan.registries.filter((x) => x.status === 'error'))
            process.stderr.write(`Error: ${r.address}: ${r.error}\n`);
          return ExitCode.Error;
        }
        return result.failed.length > 0 ? ExitCode.Error : ExitCode.Ok;
      },
    );
  };

  applyLike('apply', 'converge Azure and the scout-acr server to the config (or apply a saved plan)')
    .argument('[plan]', 'a plan saved with `scout-acr plan --out`')
    .action((planFile: string | undefined, options) => runApply('apply', planFile, options));
  applyLike('destroy', 'remove everything scout-acr created for the registries it manages').action((options) =>
    runApply('destroy', undefined, options),
  );
}
