import { Agent, request as undiciRequest } from 'undici';
import { isIP } from 'node:net';
import { BlockedAddressError, guardedLookup, isInwardAddress } from './address-guard.js';

export interface HttpClientOptions {
  allowPrivateAddresses: boolean;
  userAgent: string;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Keep-alive connections per origin; 16 is plenty for delivery (64 only worsens p99). */
  connectionsPerHost?: number;
  /** Federation policy (domain blocks, allow-list mode), asked for every hop's host. */
  hostAllowed?: (host: string) => Promise<boolean>;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  /** Response bodies larger than this are cut off with TOO_LARGE. */
  maxBytes?: number;
  /** Redirects followed (each hop re-checked against the address guard); 0 for POST. */
  maxRedirects?: number;
  /** Called for every hop, so a redirected signed GET is signed for the URL it really hits. */
  sign?: (url: URL) => Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: URL;
}

export type FetchErrorCode = 'BLOCKED_ADDRESS' | 'BLOCKED_DOMAIN' | 'BAD_URL' | 'TIMEOUT' | 'TOO_LARGE' | 'TOO_MANY_REDIRECTS' | 'NETWORK';

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(readonly code: FetchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
  /** Worth trying again later (the network, not the request, was the problem). */
  get retryable(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'NETWORK';
  }
}

/**
 * Every outgoing request: undici over keep-alive pools (global fetch costs ~4.5x the CPU per POST),
 * connect and total timeouts, a response size cap, our User-Agent, manual redirects re-checked hop
 * by hop, and the address guard both on literal IPs and on DNS answers.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly totalTimeoutMs: number;

  constructor(private readonly options: HttpClientOptions) {
    this.totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.agent = new Agent({
      connections: options.connectionsPerHost ?? 16,
      keepAliveTimeout: 30_000,
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
      connect: {
        timeout: options.connectTimeoutMs ?? 10_000,
        ...(options.allowPrivateAddresses ? {} : { lookup: guardedLookup as never }),
      },
    });
  }

  private async checkUrl(url: URL): Promise<void> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FetchError('BAD_URL', `only http(s) URLs are fetched, not ${url.protocol}`);
    if (url.username || url.password) throw new FetchError('BAD_URL', 'URLs with credentials are not fetched');
    if (this.options.hostAllowed && !(await this.options.hostAllowed(url.host.toLowerCase()))) {
      throw new FetchError('BLOCKED_DOMAIN', `${url.host} is blocked by this instance's federation policy`);
    }
    if (this.options.allowPrivateAddresses) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isInwardAddress(host)) throw new FetchError('BLOCKED_ADDRESS', `${host} is a private or reserved address`);
    if (/^localhost$|\.localhost$/i.test(host)) throw new FetchError('BLOCKED_ADDRESS', `${host} is a loopback name`);
  }

  async request(target: string | URL, req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new FetchError('BAD_URL', `not a URL: ${String(target).slice(0, 200)}`);
    }
    const signal = AbortSignal.timeout(this.totalTimeoutMs);
    const maxRedirects = req.maxRedirects ?? (req.method === 'GET' ? 3 : 0);
    for (let hop = 0; ; hop++) {
      await this.checkUrl(url);
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...(req.headers ?? {}), ...(req.sign ? req.sign(url) : {}) };
      let res;
      try {
        res = await undiciRequest(url, { dispatcher: this.agent, method: req.method, headers, body: req.body, signal });
      } catch (e) {
        throw this.wrap(e, url);
      }
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && req.method === 'GET') {
        res.body.resume();
        if (hop >= maxRedirects) throw new FetchError('TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects from ${url.href}`);
        url = new URL(String(res.headers.location), url);
        continue;
      }
      const body = await this.readCapped(res.body, req.maxBytes ?? 2 * 1024 * 1024, url).catch((e) => {
        throw e instanceof FetchError ? e : this.wrap(e, url);
      });
      return { status: res.statusCode, headers: res.headers as HttpResponse['headers'], body, url };
    }
  }

  private async readCapped(stream: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number, url: URL): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        throw new FetchError('TOO_LARGE', `the response from ${url.host} is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  private wrap(e: unknown, url: URL): FetchError {
    if (e instanceof FetchError) return e;
    const err = e as Error & { code?: string; cause?: unknown };
    if (err instanceof BlockedAddressError || (err.cause instanceof BlockedAddressError)) return new FetchError('BLOCKED_ADDRESS', err.message, { cause: e });
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || /TIMEOUT/.test(err.code ?? '')) return new FetchError('TIMEOUT', `${url.host} did not answer in time`, { cause: e });
    return new FetchError('NETWORK', `request to ${url.host} failed: ${err.code ?? err.message}`, { cause: e });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
