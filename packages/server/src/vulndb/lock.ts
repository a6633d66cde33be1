import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VulnDbBusyError } from './errors.js';
import { VULNDB_LOCK_FILE } from './schema.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory's import lock (a file created exclusively, holding our pid); a lock left by a process
 * that no longer exists is taken over. Returns the release function.
 * @throws VulnDbBusyError when a live process holds it.
 */
export async function acquireImportLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, VULNDB_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new VulnDbBusyError(dataDir);
      await rm(path, { force: true });
    }
  }
  throw new VulnDbBusyError(dataDir);
}
