// Shared helpers for the benchmarks: timed loops, load generation, child servers, the results table.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';

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

/**
 * What package.json's `start` script and the Dockerfile's NODE_OPTIONS pass to `samspil serve`: a
 * young generation of 2 MB per semi-space instead of V8's 16 MB, which took about 30 MB off the RSS
 * at every load, and a 512 MB old generation instead of the 4 GB V8 derives from a 24 GB host, which
 * keeps the heap near its live size under backlogs (docs/performance.md, memory); neither costs
 * throughput measurably. test/unit/server-node-flags.test.ts keeps the three in step.
 */
export const SHIPPED_NODE_ARGS = ['--max-semi-space-size=2', '--max-old-space-size=512'];
export const SERVER_NODE_ARGS = [...SHIPPED_NODE_ARGS, ...(process.env.BENCH_EXTRA_NODE_ARGS ? process.env.BENCH_EXTRA_NODE_ARGS.split(' ') : [])];

/** `taskset -c N` when the machine has it, so server and load each get one core. */
export function pinned(core, command, args) {
  const has = spawnSync('taskset', ['-c', String(core), 'true']).status === 0;
  return has ? { command: 'taskset', args: ['-c', String(core), command, ...args], pinned: true } : { command, args, pinned: false };
}

/**
 * Starts a child process that prints `READY <port>` on stdout; resolves with its port. Killed at exit.
 * `call(cmd, args)` sends one JSON command line on stdin and resolves with the child's `RESULT` line
 * (servers/instance.mjs speaks this); `readyMs` is spawn-to-READY wall time.
 */
export async function startChild(core, script, args = [], env = {}, { nodeArgs = [] } = {}) {
  // The instance runs with the V8 flags `npm start` and the container image give `samspil serve`.
  const serverArgs = /servers\/(instance|samspil)\.mjs$/.test(script) ? SERVER_NODE_ARGS : [];
  const { command, args: argv, pinned: isPinned } = pinned(core, process.execPath, [...serverArgs, ...nodeArgs, script, ...args]);
  const spawnedAt = performance.now();
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const killAtExit = () => child.kill('SIGKILL');
  process.once('exit', killAtExit);
  child.once('exit', () => process.removeListener('exit', killAtExit));
  const waiting = new Map();
  let seq = 0;
  let out = '';
  let ready;
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not become ready in 120 s`)), 120_000);
    child.stdout.on('data', (c) => {
      out += c;
      let nl;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        const m = /^READY (\d+)/.exec(line);
        if (m && ready === undefined) {
          ready = performance.now() - spawnedAt;
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
        if (line.startsWith('RESULT ')) {
          const msg = JSON.parse(line.slice(7));
          const w = waiting.get(msg.seq);
          waiting.delete(msg.seq);
          if (w) msg.ok ? w.resolve(msg.result) : w.reject(new Error(msg.error));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code}`));
      for (const w of waiting.values()) w.reject(new Error(`${script} exited ${code}`));
    });
  });
  const call = (cmd, params = {}) => new Promise((resolve, reject) => {
    const s = ++seq;
    waiting.set(s, { resolve, reject });
    child.stdin.write(`${JSON.stringify({ ...params, cmd, seq: s })}\n`);
  });
  const stop = () => new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      r();
    });
    child.kill('SIGTERM');
  });
  return { child, port, pinned: isPinned, readyMs: ready, call, stop };
}

/** Samples a process's RSS every `everyMs` until stopped; returns { peak, last }. */
export function rssSampler(pid, everyMs = 100) {
  let peak = rssMb(pid);
  let last = peak;
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (Number.isFinite(v)) {
      last = v;
      if (v > peak) peak = v;
    }
  }, everyMs);
  return { stop: () => (clearInterval(timer), { peak, last }) };
}

/** Child process resident memory in MB (Linux /proc). */
export function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
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
  process.stdout.write(`\n${title}\n${line(cols).trimEnd()}\n${width.map((w, i) => '-'.repeat(i === 3 ? 4 : w)).join('  ')}\n`);
  for (const row of cells) process.stdout.write(`${line(row).trimEnd()}\n`);
}

/**
 * Where the time went in a `node --cpu-prof` profile: self time by function and by origin (a
 * package, a dist/ directory, node internals, GC, idle), as percentages of the sampled time.
 */
export function summarizeCpuProfile(file, top = 10) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const self = new Map();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const shorten = (url) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/dist\//, 'dist/');
  const where = (frame) => `${frame.functionName || '(anonymous)'} ${frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
  const fns = new Map();
  const origins = new Map();
  for (const [id, us] of self) {
    const node = byId.get(id);
    let frame = node.callFrame;
    let name = where(frame);
    // Native frames (better-sqlite3's run/all, crypto's sign) have no URL: name the JS frame that called them.
    if (!frame.url) {
      let p = parent.get(id);
      while (p && !p.callFrame.url && p.callFrame.functionName) p = parent.get(p.id);
      if (p?.callFrame.url) {
        name = `${frame.functionName || '(native)'} <- ${where(p.callFrame)}`;
        frame = p.callFrame;
      }
    }
    fns.set(name, (fns.get(name) ?? 0) + us);
    const short = shorten(frame.url);
    const origin = !frame.url ? frame.functionName : short.startsWith('node_modules/') ? short.split('/').slice(0, short.split('/')[1].startsWith('@') ? 3 : 2).join('/')
      : short.startsWith('dist/') ? short.split('/').slice(0, 3).join('/') : short.startsWith('node:') ? 'node internals' : short;
    origins.set(origin, (origins.get(origin) ?? 0) + us);
  }
  const rank = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, pct: Math.round((us / total) * 1000) / 10 }));
  return { functions: rank(fns), origins: rank(origins), sampledMs: Math.round(total / 1000) };
}

/** Table rows for a profile: self time by origin and the top functions. */
export function profileRows(key, label, file) {
  const p = summarizeCpuProfile(file);
  return [
    { key: `${key}Profile`, name: `cpu profile (${label}), by origin`, value: `${p.sampledMs} ms`, note: p.origins.map((o) => `${o.name} ${o.pct}%`).join(', ') },
    { key: `${key}ProfileFns`, name: `cpu profile (${label}), top functions`, value: '', note: p.functions.slice(0, 10).map((o) => `${o.name} ${o.pct}%`).join(', ') },
  ];
}
