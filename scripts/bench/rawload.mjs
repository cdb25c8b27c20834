// A minimal HTTP/1.1 load generator over raw sockets: precomputed request bytes, pipelined per
// connection, responses matched in order (FIFO) for latency. It spends a fraction of what an HTTP
// client library spends per request, so the server, not the load, is what gets measured.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { percentile } from './lib.mjs';

/** Builds the bytes of one request. */
export function rawRequest(method, path, headers, body) {
  const b = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) lines.push(`${k}: ${v}`);
  if (b) lines.push(`content-length: ${b.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return b ? Buffer.concat([head, b]) : head;
}

const STATUS = Buffer.from('HTTP/1.1 ');

/**
 * Sends `requests` (Buffers, used round-robin or once each with `once`) for up to `seconds` over
 * `connections` sockets with `depth` requests in flight each. Responses must not contain "HTTP/1.1 "
 * in their bodies (ours are short JSON).
 */
export async function rawLoad(port, requests, { seconds, connections = 16, depth = 8, once = false }) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const take = () => {
    if (performance.now() >= end) return undefined;
    if (once && next >= requests.length) return undefined;
    return requests[next++ % requests.length];
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, () => new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.setNoDelay(true);
    const sent = [];
    let tail = Buffer.alloc(0);
    const pump = () => {
      while (sent.length < depth) {
        const req = take();
        if (!req) break;
        sent.push(performance.now());
        sock.write(req);
      }
      if (sent.length === 0) sock.end();
    };
    sock.on('connect', pump);
    sock.on('data', (chunk) => {
      const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let from = 0;
      for (;;) {
        const at = buf.indexOf(STATUS, from);
        if (at < 0 || at + STATUS.length + 3 > buf.length) break;
        const code = buf.toString('latin1', at + STATUS.length, at + STATUS.length + 3);
        statuses[code] = (statuses[code] ?? 0) + 1;
        latencies.push(performance.now() - sent.shift());
        from = at + STATUS.length + 3;
      }
      tail = buf.subarray(Math.max(from, buf.length - STATUS.length - 3));
      pump();
    });
    sock.on('error', () => {
      errors++;
      resolve();
    });
    sock.on('close', resolve);
  })));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, statuses };
}
