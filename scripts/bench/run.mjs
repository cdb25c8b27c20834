// npm run bench [-- --quick] [-- --only=limits,ingest] [-- --profile]: prints tables and writes bench-results.json.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
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
  const rows = await run(results);
  results.suites[name] = rows;
  printTable(`${name}${quick ? ' (quick)' : ''}`, rows);
}
// The targets of issue 8, each against the figure (or ratio) measured in this run.
const all = Object.values(results.suites).flat();
const v = (key) => all.find((r) => r.key === key)?.value;
const check = (name, value, unit, ok, target) => (value === undefined || typeof value !== 'number' ? undefined : { name, value, unit, digits: unit === 'ms' && value < 100 ? 1 : 0, note: `${ok(value) ? 'meets' : 'MISSES'} ${target}` });
const rssKeys = all.filter((r) => r.key?.startsWith('rss') && typeof r.value === 'number');
const summary = [
  check('ingest, accepted/s (workers running)', v('ingestRate'), '/s', (x) => x >= 4000, '>= 4,000/s'),
  check('ingest / derived ceiling', v('ingestRatio'), '%', (x) => x >= 50, '>= 50 %'),
  check('ingest p99', v('ingestP99'), 'ms', (x) => x < 50, '< 50 ms'),
  check('inbox accept alone (workers paused)', v('procAcceptRate'), '/s', (x) => x >= 4000, '>= 4,000/s'),
  check('processing / accept rate', v('procRatio'), '%', (x) => x >= 100, '>= 100 % (keeps up)'),
  check('fan-out 10k followers / 1k hosts', v('fanoutSharedMs'), 'ms', (x) => x < 2000, '< 2,000 ms'),
  check('fan-out deliveries/s / RSA signs/s (shared)', v('fanoutSharedRatio'), '%', (x) => x >= 80, '>= 80 %'),
  check('fan-out deliveries/s / RSA signs/s (personal)', v('fanoutPersonalRatio'), '%', (x) => x >= 80, '>= 80 %'),
  check('home timeline p99', v('timelineP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('catalogue search (text, facet counts) p99', v('searchP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('catalogue search (text + sector) p99', v('searchFacetP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('catalogue browse (facet counts) p99', v('searchBrowseP99'), 'ms', (x) => x < 20, '< 20 ms'),
  check('server RSS, highest sample', rssKeys.length ? Math.max(...rssKeys.map((r) => r.value)) : undefined, 'MB', (x) => x < 200, '< 200 MB'),
].filter(Boolean);
for (const key of ['timelineRps', 'searchRps']) if (v(key) === 'n/a') summary.push({ name: all.find((r) => r.key === key).name, value: 'n/a', note: 'not available in this build' });
if (summary.length) {
  results.summary = summary;
  printTable('targets', summary);
}
writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('\nwrote bench-results.json\n');
process.exit(0);
