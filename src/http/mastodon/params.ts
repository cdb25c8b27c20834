import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../errors.js';

type Nested = { [key: string]: Nested | Nested[] | string | string[] };

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** As Rack's param_depth_limit: real Mastodon parameters nest two or three levels. */
export const MAX_PARAM_DEPTH = 32;

/**
 * Rails-style nesting, as Mastodon reads form and query parameters: `id[]=1&id[]=2` is an array,
 * `fields_attributes[0][name]=x` an object keyed by index (turned into an array here, as Mastodon
 * accepts both), `source[privacy]=public` an object. A key nesting deeper than MAX_PARAM_DEPTH is
 * refused (400) before anything walks it.
 */
export function railsParams(entries: Iterable<[string, string]>): Record<string, unknown> {
  // Null-prototype nodes: no name (constructor, toString...) finds anything it did not put there.
  const root: Nested = Object.create(null) as Nested;
  for (const [key, value] of entries) {
    let brackets = 0;
    for (let i = key.indexOf('['); i !== -1 && brackets <= MAX_PARAM_DEPTH; i = key.indexOf('[', i + 1)) brackets++;
    if (brackets > MAX_PARAM_DEPTH) {
      throw new DomainError('invalid', 'PARAMS_TOO_DEEP', `parameter ${JSON.stringify(key.slice(0, key.indexOf('[')).slice(0, 100))} nests deeper than ${MAX_PARAM_DEPTH} levels`);
    }
    // `__proto__[x]=1` would walk into Object.prototype and set x on every object of the process.
    if (key.includes('__proto__')) throw new DomainError('invalid', 'PARAMS_MALFORMED', 'a parameter name may not contain "__proto__"');
    const m = KEY.exec(key);
    if (!m) {
      root[key] = value;
      continue;
    }
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    let node: Nested = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      const last = i === path.length - 1;
      const nextIsPush = path[i + 1] === '';
      if (last) {
        if (part === '') continue;
        node[part] = value;
      } else if (nextIsPush && i + 1 === path.length - 1) {
        // In place: copying the array on every item made a form of n items cost n² / 2.
        const existing = node[part];
        if (Array.isArray(existing)) (existing as string[]).push(value);
        else node[part] = [value];
        break;
      } else if (nextIsPush) {
        // `a[][k]=1&a[][j]=2&a[][k]=3` is [{k, j}, {k}] (Rack): a key goes into the array's last
        // object unless that object already has it, then a new object starts.
        const existing = node[part];
        const arr = (Array.isArray(existing) ? existing : (node[part] = [] as Nested[])) as Nested[];
        const rest = path.slice(i + 2);
        const lastItem = arr[arr.length - 1];
        let target: Nested;
        if (lastItem && typeof lastItem === 'object' && !Array.isArray(lastItem) && !hasPath(lastItem, rest)) target = lastItem;
        else {
          target = Object.create(null) as Nested;
          arr.push(target);
        }
        let inner: Nested = target;
        for (let j = 0; j < rest.length - 1; j++) {
          const k = rest[j]!;
          const child = inner[k];
          inner = (inner[k] = child && typeof child === 'object' && !Array.isArray(child) ? child : (Object.create(null) as Nested)) as Nested;
        }
        const leaf = rest[rest.length - 1]!;
        if (leaf !== '') inner[leaf] = value;
        break;
      } else {
        const child = node[part];
        node = (node[part] = child && typeof child === 'object' && !Array.isArray(child) ? child : (Object.create(null) as Nested)) as Nested;
      }
    }
  }
  return indexedToArrays(root) as Record<string, unknown>;
}

function hasPath(node: Nested, path: string[]): boolean {
  let cur: unknown = node;
  for (const k of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !(k in (cur as object))) return false;
    cur = (cur as Nested)[k];
  }
  return true;
}

function indexedToArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(indexedToArrays);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => indexedToArrays(v));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, indexedToArrays(v)]));
}

/** Flattens a querystring/formbody object ({k: v | v[]}) into entries. */
export function entriesOf(flat: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(flat)) {
    if (Array.isArray(v)) for (const item of v) out.push([k, String(item)]);
    else if (v !== undefined && v !== null) out.push([k, String(v)]);
  }
  return out;
}

/** Text fields of a multipart/form-data body. Uploaded files are refused: Samspil stores no media yet. */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (e) {
    throw new DomainError('invalid', 'BODY_MALFORMED', `the multipart body could not be read: ${(e as Error).message}`, { cause: e });
  }
  const entries: Array<[string, string]> = [];
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') throw new DomainError('unsupported_media_type', 'UPLOAD_UNSUPPORTED', `Validation failed: file uploads (${key}) are not supported by this server yet`);
    entries.push([key, value]);
  }
  return railsParams(entries);
}

/**
 * Like parseMultipart, but files in the named fields are kept (as bytes) instead of refused;
 * files in any other field are still refused.
 */
export async function parseMultipartWithFiles(contentType: string, body: Buffer, fileFields: string[]): Promise<{ fields: Record<string, unknown>; files: Record<string, Buffer> }> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (e) {
    throw new DomainError('invalid', 'BODY_MALFORMED', `the multipart body could not be read: ${(e as Error).message}`, { cause: e });
  }
  const entries: Array<[string, string]> = [];
  const files: Record<string, Buffer> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') entries.push([key, value]);
    else if (fileFields.includes(key)) files[key] = Buffer.from(await value.arrayBuffer());
    else throw new DomainError('unsupported_media_type', 'UPLOAD_UNSUPPORTED', `Validation failed: a file in ${key} is not taken here`);
  }
  return { fields: railsParams(entries), files };
}

/** Form and query bodies arrive flat from their parsers; Mastodon's handlers expect them nested. */
/** A broken escape (`%zz`) or bytes that are not UTF-8 are refused, never guessed at. */
function decodeFormPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new DomainError('invalid', 'BODY_MALFORMED', 'the form body is not valid percent-encoded UTF-8');
  }
}

/** Bodies parsed in order by parseFormBody (already nested: normalizeRequestParams leaves them). */
const ORDERED = new WeakSet<object>();

/**
 * application/x-www-form-urlencoded in the order sent: Rack's `a[][k]` arrays depend on it, and a
 * parser that groups repeated names first (formbody, querystrings) loses it.
 */
export function parseFormBody(body: string): Record<string, unknown> {
  const entries: Array<[string, string]> = [];
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    entries.push([decodeFormPart(k), decodeFormPart(v)]);
  }
  const parsed = railsParams(entries);
  ORDERED.add(parsed);
  return parsed;
}

export function normalizeRequestParams(request: FastifyRequest): void {
  const type = String(request.headers['content-type'] ?? '');
  if (request.body === undefined || request.body === null) request.body = {};
  else if (type.startsWith('application/x-www-form-urlencoded') && !(typeof request.body === 'object' && ORDERED.has(request.body))) request.body = railsParams(entriesOf(request.body as Record<string, unknown>));
  if (request.query && typeof request.query === 'object') request.query = railsParams(entriesOf(request.query as Record<string, unknown>));
}

/** Mastodon's boolean params: true, "true", "1", "on" (and their opposites). */
export function toBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  // A list or an object is not a boolean, whatever it holds: ["true"] is refused, not unwrapped.
  if (typeof value !== 'string' && typeof value !== 'number') throw new DomainError('invalid', 'PARAM_INVALID', 'Validation failed: a boolean parameter is not a boolean');
  const s = String(value).toLowerCase();
  if (['true', '1', 'on', 't', 'yes'].includes(s)) return true;
  if (['false', '0', 'off', 'f', 'no'].includes(s)) return false;
  throw new DomainError('invalid', 'PARAM_INVALID', `Validation failed: "${String(value)}" is not a boolean`);
}

/** `limit` as Mastodon clamps it: default when absent, at most twice the default. */
export function limitParam(value: unknown, defaultLimit: number): number {
  const n = Math.abs(parseInt(String(value ?? ''), 10));
  if (!Number.isFinite(n) || n === 0) return defaultLimit;
  return Math.min(n, defaultLimit * 2);
}
