/**
 * Launches Debian's chromium (`/usr/bin/chromium`, installed by `.ci/run`) through playwright-core, headless and
 * without any network side traffic of its own. Never downloads a browser: playwright-core ships none.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.SCOUT_ACR_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep the browser quiet: no sandbox (containers), no GPU, no QUIC, no update or sync traffic. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts a headless chromium; throws naming the path when the binary is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (see .ci/run)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}
