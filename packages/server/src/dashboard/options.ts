import { ScoutAcrError } from '@scout-acr/sdk/errors';
import { z } from 'zod';

const HOUR_MS = 60 * 60_000;

/** `ScoutServerOptions.dashboard`: where the UI files are and how long a sign-in lasts. */
export const DashboardOptions = z.object({
  /** Directory holding `index.html` and `assets/`. Default: the package's `web/`, found from this module. */
  webDir: z.string().min(1).optional(),
  /** Absolute lifetime of a session (and the cookie's Max-Age), in ms. Default 12 h. */
  sessionMaxAgeMs: z
    .number()
    .int()
    .min(60_000)
    .default(12 * HOUR_MS),
  /** A session unused for this long ends, in ms. Default 2 h. */
  sessionIdleMs: z
    .number()
    .int()
    .min(60_000)
    .default(2 * HOUR_MS),
  /** Failed sign-ins allowed per remote address per minute; the next ones get 429. Default 10. */
  signInFailuresPerMinute: z.number().int().min(1).default(10),
});
export type DashboardOptions = z.input<typeof DashboardOptions>;
export type ResolvedDashboardOptions = z.output<typeof DashboardOptions>;

export function resolveDashboardOptions(input: DashboardOptions = {}): ResolvedDashboardOptions {
  const parsed = DashboardOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScoutAcrError(`invalid dashboard option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, {
      code: 'InvalidDashboardOptions',
    });
  }
  return parsed.data;
}
