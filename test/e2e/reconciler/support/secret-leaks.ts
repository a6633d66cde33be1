/**
 * The reconciler suites' secret-leak check: every secret value a run handled (the server API key, each token
 * password the emulator generated, each webhook URL and its secret) searched for in everything the runs produced
 * (the binary's stdout and stderr, its logs and errors, metrics scraped, the server's own log at debug level, plan
 * files and every other file in the sandbox directory, the server's data directory included, and the ARM
 * exchanges the emulator recorded).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { ArmEmulator } from '../../../harness/arm/index.js';

export interface Artifact {
  /** Where it came from, for the failure message (never the secret itself). */
  where: string;
  content: string | Buffer;
}

export interface KnownSecrets {
  apiKey: string;
  passwords: string[];
  webhookUrls: string[];
}

/** The secrets of a run: the API key, and what the emulator saw pass (generated passwords, full webhook URLs). */
export function knownSecrets(emulator: ArmEmulator, apiKey: string, extraWebhookUrls: string[] = []): KnownSecrets {
  const seen = emulator.state.secretsSeen();
  return { apiKey, passwords: seen.passwords, webhookUrls: [...new Set([...seen.webhookUrls, ...extraWebhookUrls])] };
}

/**
 * Each secret value to search for, labelled. A webhook URL's secret is its query (`?code=…`); its origin and path
 * are no secret (plans show them as `endpointBaseUrl`), so a URL without a query carries nothing to search for.
 */
export function needles(secrets: KnownSecrets): Array<{ label: string; value: string }> {
  const out = [{ label: 'the API key', value: secrets.apiKey }];
  for (const [i, value] of secrets.passwords.entries())
    out.push({ label: `generated token password #${i + 1}`, value });
  for (const [i, url] of secrets.webhookUrls.entries()) {
    for (const [name, value] of new URL(url).searchParams)
      if (value.length >= 16) out.push({ label: `webhook URL #${i + 1}'s ${name}`, value });
  }
  return out;
}

/** Every file under `dir`, read as bytes (SQLite files, plan JSON, configs, anything a run left there). */
export async function filesUnder(dir: string): Promise<Artifact[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (file) => ({ where: `file ${relative(dir, file)}`, content: await readFile(file) })),
  );
}

/** The ARM exchanges the emulator recorded, as the fidelity suite and anyone reading the recordings sees them. */
export function armRecordings(emulator: ArmEmulator): Artifact {
  return { where: 'the recorded ARM exchanges', content: JSON.stringify(emulator.requests) };
}

/** `label in where` for every secret found in an artifact; empty when nothing leaked. */
export function findLeaks(secrets: KnownSecrets, artifacts: Artifact[]): string[] {
  const found: string[] = [];
  for (const { label, value } of needles(secrets)) {
    for (const artifact of artifacts) {
      if (artifact.content.includes(value)) found.push(`${label} in ${artifact.where}`);
    }
  }
  return found;
}

/**
 * Fails unless the check had something to look for (at least one generated password and one webhook secret, so
 * a run that never handled a secret cannot pass vacuously) and found none of it anywhere.
 */
export function expectNoSecretLeaks({ secrets, leaks }: { secrets: KnownSecrets; leaks: string[] }): void {
  const labels = needles(secrets).map((n) => n.label);
  expect(secrets.passwords.length, 'no token password was generated: nothing to search for').toBeGreaterThan(0);
  expect(
    labels.some((l) => l.startsWith('webhook')),
    'no webhook secret was issued: nothing to search for',
  ).toBe(true);
  // The search itself can fail: a planted copy of a real password and a real webhook secret is found.
  const planted = needles(secrets).filter((n) => n.label.startsWith('generated') || n.label.startsWith('webhook'));
  const probe = { where: 'a planted probe', content: Buffer.from(planted.map((n) => `…${n.value}…`).join('\n')) };
  expect(findLeaks(secrets, [probe])).toHaveLength(planted.length);
  expect(leaks).toEqual([]);
}
