import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020Like, compileSchema } from '../schemas.js';
import { ENV_KEYS } from './env-map.js';
import type { Config } from './types.js';

/** A configuration problem, reported as one line naming the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LoadConfigOptions {
  /** Folder holding default.json and the optional local.json. */
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Applied last; tests use it instead of env vars. */
  overrides?: DeepPartial<Config>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

let validator: ((data: unknown) => boolean) & { errors?: Ajv2020Like['errors'] } | undefined;

/** Reads config/default.json, config/local.json (or SAMSPIL_CONFIG_FILE), env vars, overrides; validates the result. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const configDir = options.configDir ?? join(PROJECT_ROOT, 'config');
  let merged: Record<string, unknown> = readJsonFile(join(configDir, 'default.json'));
  const defaultPort = merged.port;
  let domainGiven = false;
  const extraFile = env.SAMSPIL_CONFIG_FILE ? resolve(env.SAMSPIL_CONFIG_FILE) : join(configDir, 'local.json');
  if (env.SAMSPIL_CONFIG_FILE && !existsSync(extraFile)) throw new ConfigError(`config: SAMSPIL_CONFIG_FILE points at ${extraFile}, which does not exist`);
  if (existsSync(extraFile)) {
    const extra = readJsonFile(extraFile);
    domainGiven = extra.domain !== undefined;
    merged = deepMerge(merged, extra);
  }

  const envSources = new Map<string, string>();
  for (const { env: name, path, type } of ENV_KEYS) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setPath(merged, path, coerce(name, raw, type));
    envSources.set(path, name);
  }
  if (env.SAMSPIL_DOMAIN) domainGiven = true;
  if (options.overrides) {
    if (options.overrides.domain !== undefined) domainGiven = true;
    merged = deepMerge(merged, options.overrides as Record<string, unknown>);
  }
  delete merged.$schema;
  if (!domainGiven && merged.port !== defaultPort) followPort(merged);
  applyDerivedDefaults(merged);

  validator ??= compileSchema('config.schema.json');
  if (!validator(merged)) {
    const err = validator.errors![0]!;
    const path = (err.instancePath.replace(/^\//, '').replace(/\//g, '.') || '') + (err.keyword === 'required' ? (err.instancePath ? '.' : '') + String((err.params as { missingProperty: string }).missingProperty) : err.keyword === 'additionalProperties' ? (err.instancePath ? '.' : '') + String((err.params as { additionalProperty: string }).additionalProperty) : '');
    const source = envSources.get(path);
    const where = source ? `${source} (${path})` : path || '(root)';
    const got = err.keyword === 'required' ? 'it is missing' : err.keyword === 'additionalProperties' ? 'this key is unknown'
      : SECRET_PATHS.has(path) ? 'got a value that does not fit (not shown: it is a secret)' : `got ${JSON.stringify(getPath(merged, path))}`;
    throw new ConfigError(`config: ${where} ${describe(err)}; ${got}`);
  }
  const config = merged as unknown as Config;
  if (config.store === 'mongodb' && !config.mongodbUri) {
    throw new ConfigError('config: MONGODB_URI (mongodbUri) is required when SAMSPIL_STORE is mongodb');
  }
  checkOidcIssuer(config, envSources.get('oidc.issuer'));
  checkMetrics(config, envSources);
  config.dataDir = resolve(PROJECT_ROOT, config.dataDir);
  return config;
}

/** Keys whose values an error message must not repeat: the message goes to a terminal and to logs. */
const SECRET_PATHS = new Set(['metrics.token', 'oidc.clientSecret', 'smtp.url', 'mongodbUri']);

/** `host:port` or `[v6]:port` of metrics.listen, as Node's listen() takes them. */
export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(listen.slice(i + 1)) };
}

/**
 * The public listener must never serve metrics to anyone who asks: without a listener of their
 * own they need the token. A port the schema's pattern lets through may still be out of range.
 */
function checkMetrics(config: Config, sources: Map<string, string>): void {
  const m = config.metrics;
  const where = (path: string) => (sources.get(path) ? `${sources.get(path)} (${path})` : path);
  if (m.listen !== undefined) {
    const { port } = parseListen(m.listen);
    if (port > 65535) throw new ConfigError(`config: ${where('metrics.listen')} must be host:port with a port <= 65535; got ${JSON.stringify(m.listen)}`);
  }
  if (m.enabled && m.listen === undefined && m.token === undefined) {
    throw new ConfigError(`config: ${where('metrics.token')} is required when metrics are served on the main listener (or set metrics.listen to serve them on an address of their own)`);
  }
}

/**
 * The provider's discovery, keys and tokens travel over this URL: https, except a loopback
 * provider (tests, a provider on the same machine) over http.
 */
function checkOidcIssuer(config: Config, source: string | undefined): void {
  const issuer = config.oidc.issuer;
  if (issuer === undefined) return;
  const where = source ? `${source} (oidc.issuer)` : 'oidc.issuer';
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError(`config: ${where} must be a URL; got ${JSON.stringify(issuer)}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || /^127\./.test(host) || host === '::1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`config: ${where} must be an https URL (http only for a loopback provider); got ${JSON.stringify(issuer)}`);
  }
  if (url.search || url.hash || url.username || url.password) throw new ConfigError(`config: ${where} must not have a query, fragment or credentials`);
}

function describe(err: NonNullable<Ajv2020Like['errors']>[number]): string {
  switch (err.keyword) {
    case 'enum': return `must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a known setting';
    default: return err.message ?? 'is invalid';
  }
}

/**
 * `SAMSPIL_PORT=9000 npm start` alone should give links that open in a browser, so a domain nobody
 * chose follows the port. Port 0 (any free port) is not known yet, and a value the schema will
 * refuse is left for validation to name.
 */
function followPort(c: Record<string, unknown>): void {
  const port = c.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return;
  c.domain = `localhost:${port}`;
}

/** http for localhost-style domains so `npm start` links work in a browser; https everywhere else. */
function applyDerivedDefaults(c: Record<string, unknown>): void {
  if (c.publicUrlScheme === undefined && typeof c.domain === 'string') {
    const host = c.domain.replace(/:\d+$/, '');
    c.publicUrlScheme = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) ? 'http' : 'https';
  }
  const inst = c.instance as Record<string, unknown> | undefined;
  if (inst) {
    inst.adminUsername ??= 'admin';
    inst.languages ??= ['en'];
    inst.openRegistrations ??= false;
  }
  c.bodyLimit ??= 1048576;
  c.authorizedFetch ??= false;
}

function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`config: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('top level must be an object');
    return value as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`config: ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function coerce(name: string, raw: string, type: 'string' | 'integer' | 'boolean' | 'list'): unknown {
  switch (type) {
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(`config: ${name} must be an integer; got ${JSON.stringify(raw)}`);
      return Number(raw);
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      throw new ConfigError(`config: ${name} must be true or false; got ${JSON.stringify(raw)}`);
    }
    case 'list': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default: return raw;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!isPlainObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, k) => (isPlainObject(cur) ? cur[k] : undefined), obj);
}
