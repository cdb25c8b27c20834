/**
 * What the running code reports to the metrics. Only this interface is imported by the inbox, the
 * delivery job, the job runner and the HTTP app, so none of them depends on prom-client, and with
 * metrics off (the default) `deps.metrics` is undefined and each hook is one optional call.
 */

/** How an inbox POST that was answered 202 ended: queued, or accepted and dropped. */
export type InboxOutcome = 'queued' | 'duplicate' | 'unknown_type' | 'unknown_actor_deleted';

/**
 * One delivery attempt: `ok` 2xx; `gone` 410; `retry` a network error, 5xx, 408 or 429 (tried again
 * later); `failed` any other answer or a request that cannot work (given up); `skipped` the host is
 * marked unavailable, so nothing was sent.
 */
export type DeliveryOutcome = 'ok' | 'gone' | 'retry' | 'failed' | 'skipped';

/** How one run of a job ended: `lost` means it finished after its lease had gone to another runner. */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'lost';

export interface MetricsObserver {
  inboxAccepted(outcome: InboxOutcome): void;
  /** `code` is the stable problem code of the refusal (SIGNATURE_INVALID, DOMAIN_BLOCKED, ...). */
  inboxRefused(code: string): void;
  /** `seconds` is the HTTP exchange's duration, or null when nothing was sent. */
  delivery(host: string, outcome: DeliveryOutcome, seconds: number | null): void;
  jobFinished(type: string, outcome: JobOutcome, seconds: number): void;
  /** `route` is Fastify's route pattern (`/users/:username/inbox`), undefined when no route matched. */
  httpRequest(route: string | undefined, method: string, status: number, seconds: number): void;
}
