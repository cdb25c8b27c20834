// Shared helpers for the benchmarks: timed loops, load generation, child servers, the results table.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Runs `fn` (sync or async) repeatedly for `seconds` after a short warm-up; returns ops/s. */
export async function opsPerSecond(fn, seconds, batch = 1) {
  const warmEnd = performance.now() + Math.min(300, seconds * 200);
  while (performance.now() < warmEnd) await fn();
  let ops = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < batch; i++) await fn();
    ops += batch;
  }
  return ops / ((performance.now() - start) / 1000);
}

/** Synchronous variant: no await per call, so cheap operations are not dominated by the microtask. */
export function opsPerSecondSync(fn, seconds, batch = 100) {
  const warmEnd = performance.now() + Math.min(300, seconds * 200);
  while (performance.now() < warmEnd) fn();
  let ops = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
  }
  return ops / ((performance.now() - start) / 1000);
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `taskset -c N` when the machine has it, so server and load each get one core. */
export function pinned(core, command, args) {
  const has = spawnSync('taskset', ['-c', String(core), 'true']).status === 0;
  return has ? { command: 'taskset', args: ['-c', String(core), command, ...args], pinned: true } : { command, args, pinned: false };
}

/** Starts a child process that prints `READY <port>` on stdout; resolves with its port. Killed at exit. */
export async function startChild(core, script, args = [], env = {}) {
  const { command, args: argv, pinned: isPinned } = pinned(core, process.execPath, [script, ...args]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  process.once('exit', () => child.kill('SIGKILL'));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not become ready in 60 s`)), 60_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { child, port, pinned: isPinned, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

/** Child process resident memory in MB (Linux /proc). */
export function rssMb(pid) {
  try {
    const status = spawnSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }).stdout;
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

export function fmt(n, digits = 0) {
  if (typeof n !== 'number' || Number.isNaN(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints rows as an aligned table. */
export function printTable(title, rows) {
  const cols = ['measure', 'value', 'unit', 'note'];
  const cells = rows.map((r) => [r.name, typeof r.value === 'number' ? fmt(r.value, r.digits ?? 0) : String(r.value), r.unit ?? '', r.note ?? '']);
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i === 1 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ');
  process.stdout.write(`\n${title}\n${line(cols)}\n${width.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}
