import { Counter, Histogram } from '@scout-acr/sdk';

/** What the daemon exposes at /metrics (Prometheus text format). */
export function createDaemonMetrics() {
  const metrics = {
    reconciles: new Counter('scout_acr_reconciles_total', 'Reconcile runs by result (ok, changed, failed, lease-held)'),
    duration: new Histogram(
      'scout_acr_reconcile_duration_seconds',
      'Wall time of one reconcile',
      [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    ),
    drift: new Counter(
      'scout_acr_drift_found_total',
      'Registries whose live state differed from the config, when observed',
    ),
    actions: new Counter('scout_acr_actions_total', 'Actions applied, by kind, resource and outcome'),
    throttled: new Counter('scout_acr_throttled_total', 'Steps that failed on throttling after retries'),
  };
  return {
    ...metrics,
    render(): string {
      return `${Object.values(metrics)
        .map((m) => m.render())
        .join('\n')}\n`;
    },
  };
}
export type DaemonMetrics = ReturnType<typeof createDaemonMetrics>;
