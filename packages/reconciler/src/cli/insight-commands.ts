/**
 * The image insight commands of `scout-acr`: quickview, cves, sbom, compare, repo and integration. They talk to
 * the server through ScoutClient only; the implementations live in `../insights/commands/`.
 */
import { type Command, Option } from 'commander';
import { integrationGet, integrationList, integrationTest, repoList, repoToggle } from '../insights/commands/admin.js';
import { compare } from '../insights/commands/compare.js';
import { CVE_FORMATS, cves } from '../insights/commands/cves.js';
import { quickview } from '../insights/commands/quickview.js';
import { SBOM_FORMATS, sbom } from '../insights/commands/sbom.js';
import { INSIGHT_EXIT_CODES_HELP } from '../insights/errors.js';

const REFERENCE_HELP = `
IMAGE is host/repo:tag, host/repo@sha256:… or a bare sha256:… digest (searched in every integration).
The server and API key come from --server/--api-key, else SCOUT_ACR_SERVER/SCOUT_ACR_API_KEY, else the
server: section of -f scout-acr.yaml.`;

/** Adds the connection and colour options every insight command takes, and the exit codes to its help. */
function insight(command: Command, image = true): Command {
  return command
    .option('--server <url>', 'scout-acr server URL (default: $SCOUT_ACR_SERVER)')
    .option('--api-key <key>', 'API key (default: $SCOUT_ACR_API_KEY; prefer the variable: flags show in ps)')
    .option('-f, --file <path>', 'scout-acr.yaml whose server: section to use')
    .option('--no-color', 'no colour even on a terminal')
    .addHelpText('after', `${image ? REFERENCE_HELP : ''}\n\n${INSIGHT_EXIT_CODES_HELP}`);
}

const platform = () => new Option('--platform <os/arch>', 'platform of a multi-platform image (default linux/amd64)');

function done(code: number): void {
  process.exitCode = code;
}

/** Registers the insight commands on the `scout-acr` program. */
export function registerInsightCommands(program: Command): void {
  insight(
    program
      .command('quickview')
      .argument('<image>')
      .description('summary of an analyzed image: platform, digest, severity counts, packages, base image')
      .addOption(platform())
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  ).action(async (image: string, options) => done(await quickview(image, options)));

  insight(
    program
      .command('cves')
      .argument('<image>')
      .description('vulnerabilities of an analyzed image, grouped by package')
      .addOption(new Option('--format <format>', 'output format').choices([...CVE_FORMATS]).default('text'))
      .option('--only-severity <list>', 'comma-separated: critical,high,medium,low,unspecified')
      .option('--only-fixed', 'only vulnerabilities with a fixed version')
      .option('--only-unfixed', 'only vulnerabilities without a fix')
      .option('--only-package-type <list>', 'comma-separated: deb,apk,rpm,npm,pypi,golang,maven')
      .option('--only-cve-id <list>', 'comma-separated vulnerability ids (aliases match: GHSA, PYSEC…)')
      .option('--exit-code', 'exit 2 when vulnerabilities remain after the filters')
      .addOption(platform()),
  ).action(async (image: string, options) => done(await cves(image, options)));

  insight(
    program
      .command('sbom')
      .argument('<image>')
      .description('the SBOM of an analyzed image (CycloneDX 1.6, SPDX 2.3, JSON package list or a table)')
      .addOption(new Option('--format <format>', 'output format').choices([...SBOM_FORMATS]).default('list'))
      .addOption(platform()),
  ).action(async (image: string, options) => done(await sbom(image, options)));

  insight(
    program
      .command('compare')
      .argument('<image>', 'the new image')
      .requiredOption('--to <image>', 'the image to compare with (the old one)')
      .description('packages and vulnerabilities added, removed and changed between two images')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addOption(new Option('--exit-on <what>', 'exit 2 when IMAGE adds vulnerabilities').choices(['vulnerability']))
      .addOption(platform()),
  ).action(async (image: string, options) => done(await compare(image, options)));

  const repo = program.command('repo').description('list, enable and disable repositories of an integration');
  insight(
    repo
      .command('list')
      .argument('<registry>', 'login server or integration id')
      .option('--active', 'only enabled repositories')
      .option('--json', 'JSON output'),
    false,
  ).action(async (registry: string, options) => done(await repoList(registry, options)));
  for (const enable of [true, false]) {
    insight(
      repo
        .command(enable ? 'enable' : 'disable')
        .argument('<registry>', 'login server or integration id')
        .argument('<names...>', 'repository names; with * or ? they are glob patterns')
        .option('--json', 'JSON output')
        .description(`${enable ? 'enable (and analyze the latest image of)' : 'disable'} repositories`),
      false,
    ).action(async (registry: string, names: string[], options) =>
      done(await repoToggle(enable, registry, names, options)),
    );
  }

  const integration = program.command('integration').description('registry integrations of the organization');
  insight(integration.command('list').option('--json', 'JSON output'), false).action(async (options) =>
    done(await integrationList(options)),
  );
  insight(
    integration.command('get').argument('<registry>', 'login server or integration id').option('--json', 'JSON output'),
    false,
  ).action(async (id: string, options) => done(await integrationGet(id, options)));
  insight(
    integration
      .command('test')
      .argument('<registry>', 'login server or integration id')
      .option('--json', 'JSON output')
      .description('run the connection test again (exit 1 unless CONNECTED)'),
    false,
  ).action(async (id: string, options) => done(await integrationTest(id, options)));
}
