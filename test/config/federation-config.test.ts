import t from 'tap';
import { loadConfig } from '../../src/config/load.js';
import { retryHorizonMs } from '../../src/jobs/backoff.js';

t.test('federation defaults retry for days; env vars tune them; bad values are refused', async (t) => {
  const c = loadConfig({ env: {} });
  const days = retryHorizonMs({ baseMs: c.federation.retryBaseMs, maxDelayMs: c.federation.retryMaxDelayMs, maxAttempts: c.federation.maxAttempts }) / 86_400_000;
  t.ok(days >= 2, `the default schedule retries for ${days.toFixed(1)} days`);
  t.ok(c.federation.hostUnavailableAfterMs >= 86_400_000, 'a host is given at least a day before it is marked unavailable');
  const fast = loadConfig({ env: { SAMSPIL_RETRY_BASE_MS: '50', SAMSPIL_JOB_POLL_MS: '20', SAMSPIL_JOB_LEASE_MS: '1500', SAMSPIL_JOB_CONCURRENCY: '4' } });
  t.equal(fast.federation.retryBaseMs, 50);
  t.equal(fast.federation.jobPollMs, 20);
  t.equal(fast.federation.jobLeaseMs, 1500);
  t.equal(fast.federation.jobConcurrency, 4);
  t.equal(fast.federation.maxAttempts, c.federation.maxAttempts, 'untouched keys keep their defaults');
  t.throws(() => loadConfig({ env: { SAMSPIL_JOB_CONCURRENCY: '0' } }), /SAMSPIL_JOB_CONCURRENCY \(federation\.jobConcurrency\) must be >= 1/);
});
