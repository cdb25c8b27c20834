// npm run bench [-- --quick] [-- --only limits,ingest]: prints a table and writes bench-results.json.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { measureLimits } from './limits.mjs';
import { measureIngest } from './ingest.mjs';
import { measureFanout } from './fanout.mjs';
import { measureProcessing } from './processing.mjs';
import { measureReads } from './reads.mjs';
import { printTable } from './lib.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const seconds = quick ? 0.6 : 3;
// --profile: CPU-profile the instance over the measured window and print where the time went.
const profile = argv.includes('--profile');

const value = (rows, key) => rows?.find((r) => r.key === key)?.value;

const SUITES = {
  limits: async () => measureLimits({ seconds }),
  ingest: async (results) => measureIngest({ seconds: quick ? 2 : 8, profile, limits: { inboxCeiling: value(results.suites.limits, 'inboxCeiling') } }),
  processing: async () => measureProcessing({ quick, profile }),
  fanout: async (results) => measureFanout({ quick, profile, signRate: value(results.suites.limits, 'rsaSign') }),
  reads: async (results) => measureReads({ quick, seconds: quick ? 1.5 : 5, helloRps: value(results.suites.limits, 'fastifyHello') }),
};

const results = { date: new Date().toISOString(), quick, machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) }, node: process.version, suites: {} };
for (const [name, run] of Object.entries(SUITES)) {
  if (only && !only.has(name)) continue;
  const rows = await run(results);
  results.suites[name] = rows;
  printTable(`${name}${quick ? ' (quick)' : ''}`, rows);
}
writeFileSync('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write('\nwrote bench-results.json\n');
process.exit(0);
