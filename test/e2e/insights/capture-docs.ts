/**
 * Prints real output of the insight commands for docs/insights.md: starts the insights test world, runs the built
 * binary and prints each command with its output. `pnpm build && pnpm exec tsx --conditions=@scout-acr/source
 * test/e2e/insights/capture-docs.ts`. Host names, digests and keys differ on every run.
 */
import { scoutAcr } from './run-cli.js';
import { startInsightsWorld } from './world.js';

const w = await startInsightsWorld();
try {
  const env = { SCOUT_ACR_SERVER: w.serverUrl, SCOUT_ACR_API_KEY: w.adminKey };
  const v1 = `${w.loginServer}/shop/api:v1`;
  const v2 = `${w.loginServer}/shop/api:v2`;
  const commands = [
    ['quickview', v1],
    ['cves', v1],
    ['cves', v1, '--only-package-type', 'npm', '--format', 'markdown'],
    ['cves', v1, '--only-severity', 'critical', '--exit-code'],
    ['sbom', v1, '--format', 'list'],
    ['compare', v2, '--to', v1],
    ['repo', 'list', w.loginServer],
    ['integration', 'list'],
    ['cves', `${w.loginServer}/shop/api:nope`],
  ];
  for (const args of commands) {
    const result = await scoutAcr(args, env);
    process.stdout.write(`$ scout-acr ${args.join(' ')}\n${result.stdout}${result.stderr}[exit ${result.code}]\n\n`);
  }
} finally {
  await w.close();
}
