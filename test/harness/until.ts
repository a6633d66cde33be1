/**
 * Polls an async `check` until it yields a value (errors count as "not yet"); throws once `timeoutMs` has passed.
 * The e2e suites and benches wait with it for what the server does in the background (analysis, matching, imports).
 */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
