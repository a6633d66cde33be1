import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { ENV, resolveServeConfig, UsageError } from '../config/config.js';
import {
  DEFAULT_OSV_BASE_URL,
  importOsv,
  SUPPORTED_FAMILIES,
  updateFromUrl,
  type VulnDbProgress,
  type VulnDbStatus,
  vulnDbStatus,
} from '../vulndb/index.js';

/** The OSV ecosystems `db update` downloads by default (the families the matcher supports). */
export const DEFAULT_UPDATE_ECOSYSTEMS: readonly string[] = [...SUPPORTED_FAMILIES];

function dataDirOf(data: string | undefined): string {
  const { dataDir } = resolveServeConfig({ data });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}

/** Progress on stderr: one line per source, and a running count, throttled. */
function progressPrinter(quiet: boolean): (p: VulnDbProgress) => void {
  let last = 0;
  let lastSource: string | undefined;
  return (p) => {
    if (quiet) return;
    const now = Date.now();
    if (p.source !== lastSource || p.phase === 'done' || now - last > 1000) {
      last = now;
      lastSource = p.source;
      if (p.phase === 'download') {
        const total = p.totalBytes ? ` of ${mb(p.totalBytes)}` : '';
        process.stderr.write(`downloading ${p.source}: ${mb(p.bytes ?? 0)}${total}\n`);
      } else if (p.phase === 'import') process.stderr.write(`importing ${p.source}: ${p.records ?? 0} records\n`);
      else process.stderr.write(`imported ${p.records ?? 0} records\n`);
    }
  };
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Human age: `3 days`, `5 hours`, `12 minutes`. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** The `db status` text. */
export function formatStatus(status: VulnDbStatus, now: number): string {
  if (!status.present) return 'no vulnerability database: run `scout-acr-server db import PATH` or `db update`\n';
  const lines = [`imported at:      ${status.importedAt ?? 'unknown'}`];
  if (status.newestModified) {
    lines.push(
      `newest record:    ${status.newestModified} (${formatAge(now - Date.parse(status.newestModified))} old)`,
    );
  }
  lines.push(
    `records:          ${status.records} (withdrawn skipped: ${status.withdrawn}, invalid: ${status.invalid})`,
  );
  for (const [ecosystem, n] of Object.entries(status.recordsByEcosystem).sort()) {
    lines.push(`  ${ecosystem.padEnd(16)}${n}`);
  }
  lines.push(`sources:`, ...status.sources.map((s) => `  ${s}`));
  return `${lines.join('\n')}\n`;
}

function printResult(status: VulnDbStatus, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(status)}\n`);
  else process.stdout.write(formatStatus(status, Date.now()));
}

/**
 * `db import|update|status`: the vulnerability database in the data directory. Safe while the server runs: an
 * import is built beside the live file and switched in atomically; the server notices the new `importedAt`
 * and re-matches every stored image.
 */
export function addDbCommand(program: Command): void {
  const db = program.command('db').description('Manage the vulnerability database (OSV data, Alpine secdb)');
  const dataOption = `data directory (env ${ENV.data})`;

  db.command('import')
    .description('Import OSV records: directories, JSON/YAML files, OSV all.zip archives, Alpine secdb YAML')
    .argument('<paths...>', 'what to import')
    .option('--data <dir>', dataOption)
    .option('--merge', 'add to the loaded data instead of replacing it')
    .option('--json', 'print the new status as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (paths: string[], flags: { data?: string; merge?: boolean; json?: boolean; quiet?: boolean }) => {
      const status = await importOsv(paths, {
        dataDir: dataDirOf(flags.data),
        mode: flags.merge ? 'merge' : 'replace',
        onProgress: progressPrinter(flags.quiet === true),
      });
      printResult(status, flags.json);
    });

  db.command('update')
    .description('Download OSV all.zip archives and import them (the old data stays until the new is complete)')
    .option('--source <url>', 'base URL laid out as <url>/<Ecosystem>/all.zip', DEFAULT_OSV_BASE_URL)
    .option('--ecosystems <list>', 'comma-separated OSV ecosystems', DEFAULT_UPDATE_ECOSYSTEMS.join(','))
    .option('--data <dir>', dataOption)
    .option('--json', 'print the new status as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (flags: { source: string; ecosystems: string; data?: string; json?: boolean; quiet?: boolean }) => {
      const ecosystems = flags.ecosystems
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (ecosystems.length === 0) throw new UsageError('--ecosystems names none');
      const status = await updateFromUrl(flags.source, ecosystems, {
        dataDir: dataDirOf(flags.data),
        onProgress: progressPrinter(flags.quiet === true),
      });
      printResult(status, flags.json);
    });

  db.command('status')
    .description('What is loaded: records per ecosystem, when imported, how old the newest record is')
    .option('--data <dir>', dataOption)
    .option('--json', 'print JSON')
    .action((flags: { data?: string; json?: boolean }) => {
      printResult(vulnDbStatus(resolveServeConfig({ data: flags.data }).dataDir), flags.json);
    });
}
