import { Counter, Histogram } from '@scout-acr/sdk';

export { Counter, Histogram };

export interface Metrics {
  eventsAccepted: Counter;
  eventsDuplicate: Counter;
  eventsRejected: Counter;
  registryErrors: Counter;
  jobDuration: Histogram;
  jobsFinished: Counter;
  /** Renders every metric, reading gauges (jobs by state) from `gauges` at scrape time. */
  render(gauges: () => Promise<string[]>): Promise<string>;
}

export function createMetrics(): Metrics {
  const m = {
    eventsAccepted: new Counter('scout_acr_webhook_events_accepted_total', 'Events stored (new) by the webhook'),
    eventsDuplicate: new Counter('scout_acr_webhook_events_duplicate_total', 'Redelivered events already stored'),
    eventsRejected: new Counter('scout_acr_webhook_requests_rejected_total', 'Webhook requests refused, by reason'),
    registryErrors: new Counter('scout_acr_registry_errors_total', 'Failed registry operations, by operation'),
    jobDuration: new Histogram(
      'scout_acr_job_duration_seconds',
      'Job run time',
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    ),
    jobsFinished: new Counter('scout_acr_jobs_finished_total', 'Job runs by kind and outcome'),
  };
  return {
    ...m,
    async render(gauges) {
      const parts = [
        m.eventsAccepted.render(),
        m.eventsDuplicate.render(),
        m.eventsRejected.render(),
        m.registryErrors.render(),
        m.jobsFinished.render(),
        m.jobDuration.render(),
        ...(await gauges()),
      ];
      return `${parts.join('\n')}\n`;
    },
  };
}
