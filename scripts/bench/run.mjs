// npm run bench [-- --quick] [-- --only=limits,ingest] [-- --profile] [-- --wait-idle]: prints tables and writes bench-results.json.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { measureLimits } from './limits.mjs';
import { measureIngest } from './ingest.mjs';
import { measureFanout } from './fanout.mjs';
import { measureProcessing } from './processing.mjs';
import { measureReads } from './reads.mjs';
import { measureTimelines } from './timelines.mjs';
import { printTable } from './lib.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const seconds = quick ? 0.6 : 3;
// --profile (default in full mode, --no-profile to skip): CPU-profile the instance over each
// measured window and print where the time went.
const profile = argv.includes('--profile') || (!quick && !argv.includes('--no-profile'));
// --wait-idle: before each suite, wait (at most 4 minutes) for the 1-minute load average to fall
// below 0.5, so the figures are an idle machine's; the load before each suite is printed either way.
const waitIdle = argv.includes('--wait-idle');

async function loadBeforeSuite() {
  const started = Date.now();
  while (waitIdle && loadavg()[0] >= 0.5 && Date.now() - started < 240_000) await new Promise((r) => setTimeout(r, 5000));
  return { load: loadavg()[0], waitedS: Math.round((Date.now() - started) / 1000) };
}

const value = (rows, key) => rows?.find((r) => r.key === key)?.value;

const SUITES = {
  limits: async () => measureLimits({ seconds: seconds * 1.5 }),
  ingest: async (results) => measureIngest({ seconds: quick ? 2 : 8, profile, limits: { inboxCeiling: value(results.suites.limits, 'inboxCeiling') } }),
  processing: async () => measureProcessing({ quick, profile }),
  fanout: async (results) => measureFanout({ quick, profile }),
  reads: async () => measureReads({ quick, seconds: quick ? 1.5 : 5, profile }),
  // The store port's timeline queries alone, in-process (no HTTP), on their own seeded store.
  timelines: async () => measureTimelines(quick ? { objects: 100_000, runs: 200 } : {}),
};

// The load (this process and what it starts without taskset) stays off the server's core 0.
const loadPinned = spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' }).status === 0;

const results = { date: new Date().toISOString(), quick, machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) }, node: process.version, loadPinned, suites: {} };
for (const [name, run] of Object.entries(SUITES)) {
  if (only && !only.has(name)) continue;
  const before = await loadBeforeSuite();
  // A suite that breaks is reported and the run goes on, so the targets table is still printed.
  const rows = await run(results).catch((e) => [{ key: `failed:${name}`, name: 'SUITE FAILED', value: 'error', note: String(e?.stack ?? e).split('\n').slice(0, 3).join(' | ') }]);
  rows.unshift({ key: `load:${name}`, name: 'load average (1 min) before the suite', value: before.load, digits: 2, unit: '', note: `${before.load < 0.5 ? 'idle' : 'NOT idle (>= 0.5)'}${waitIdle ? `; waited ${before.waitedS} s` : ''}` });
  results.suites[name] = rows;
  printTable(`${name}${quick ? ' (quick)' : ''}`, rows);
}
// The targets of issue 16, each against the figure (or ratio) measured in this run.
const all = Object.values(results.suites).flat();
const v = (key) => all.find((r) => r.key === key)?.value;
const check = (name, value, unit, ok, target) => (value === undefined || typeof value !== 'number' ? undefined : { name, value, unit, digits: unit === 'ms' && value < 100 ? 1 : 0, note: `${ok(value) ? 'meets' : 'MISSES'} ${target}` });
const rssKeys = all.filter((r) => r.key?.startsWith('rss') && typeof r.value === 'number');
const summary = [
  check('1. inbox accepted and applied, per server-CPU-second', v('ingestE2e'), '/CPU-s', (x) => x >= 4000, '>= 4,000'),
  check('1. inbox HTTP p99 at that level', v('ingestP99'), 'ms', (x) => x < 50, '< 50 ms'),
  check('1. backlog when the load stopped', v('ingestBacklogPct'), '%', (x) => x < 10, '< 10 % of accepted (no growing backlog)'),
  check('   ingest, accepted/s (workers running)', v('ingestRate'), '/s', (x) => x >= 4000, '>= 4,000/s'),
  check('   ingest / derived ceiling', v('ingestRatio'), '%', (x) => x >= 50, '>= 50 %'),
  check('   inbox accept alone (workers paused)', v('procAcceptRate'), '/s', (x) => x >= 4000, '>= 4,000/s'),
  check('   processing / accept rate', v('procRatio'), '%', (x) => x >= 100, '>= 100 % (keeps up)'),
  check('2. catalogue search (text, facet counts) p99', v('searchP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('2. catalogue search (text + sector) p99', v('searchFacetP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('2. catalogue browse (facet counts) p99', v('searchBrowseP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('3. home timeline p99', v('timelineP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('3. home timeline, store queries per page', v('timelineQueries'), '', (x) => x <= 5, '<= 5'),
  check('4. fan-out deliveries/s / RSA signs/s (shared)', v('fanoutSharedRatio'), '%', (x) => x >= 80, '>= 80 %'),
  check('4. fan-out deliveries/s / RSA signs/s (personal)', v('fanoutPersonalRatio'), '%', (x) => x >= 80, '>= 80 %'),
  check('4. fan-out 10k followers / 1k hosts, all verified', v('fanoutSharedMs'), 'ms', (x) => x < 1000, '< 1,000 ms'),
  check('5. server RSS, highest sample', rssKeys.length ? Math.max(...rssKeys.map((r) => r.value)) : undefined, 'MB', (x) => x < 200, '< 200 MB'),
  // 6. The staff web app's pages: every row the reads suite marks as a page p99.
  ...all.filter((r) => r.key?.startsWith('pageP99:')).map((r) => check(`6. ${r.name}`, r.value, 'ms', (x) => x < 20, '< 20 ms')),
].filter(Boolean);
for (const key of ['timelineRps', 'searchRps']) if (v(key) === 'n/a') summary.push({ name: all.find((r) => r.key === key).name, value: 'n/a', note: 'not available in this build' });
if (summary.length) {
  results.summary = summary;
  printTable('targets', summary);
}
writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('\nwrote bench-results.json\n');
process.exit(0);
