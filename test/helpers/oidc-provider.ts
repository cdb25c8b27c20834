import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import Provider from 'oidc-provider';
import { freePort } from './instances.js';

type Tap = { teardown(fn: () => unknown): void };

export interface IdpAccount {
  preferred_username?: string;
  name?: string;
  email?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The people the provider knows, by subject; change their groups between sign-ins. */
  accounts: Map<string, IdpAccount>;
  /** When set, rewrites the ID token of the token endpoint's answer before it leaves the provider. */
  tamper: ((idToken: string) => string) | undefined;
  /** The ID tokens the token endpoint issued (before any tampering). */
  issued: string[];
  /** Re-signs changed claims with the provider's own key: a token the provider could really have sent. */
  resign(idToken: string, change: (claims: Record<string, unknown>) => void): string;
  /** Signs the same claims with a key the provider never had, under the provider's key id. */
  forge(idToken: string, change?: (claims: Record<string, unknown>) => void): string;
  close(): Promise<void>;
}

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64u(signature)}`;
}

function decode(idToken: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [h, p] = idToken.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')), claims: JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) };
}

/**
 * A real OpenID Connect provider (oidc-provider, the certified Node implementation) on
 * 127.0.0.1, with one confidential client for the instance's redirect URI, its own RSA signing
 * key, and oidc-provider's development login/consent pages (any login, an account from
 * `accounts`), which tests drive over HTTP or in Chromium.
 */
export async function startIdp(t: Tap, o: { redirectUri: string; clientId?: string; accounts?: Record<string, IdpAccount> }): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg: 'RS256' };
  const clientId = o.clientId ?? 'samspil-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map(Object.entries(o.accounts ?? {}));
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: [o.redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk] },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
    },
    // Groups travel with the profile, as a Keycloak group mapper or Entra's groups claim puts them in the ID token.
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'], email: ['email'] },
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    pkce: { required: () => true },
  });
  const idp: TestIdp = {
    issuer, clientId, clientSecret, accounts, tamper: undefined, issued: [],
    resign(idToken, change) {
      const { header, claims } = decode(idToken);
      change(claims);
      return signJwt(header, claims, privateKey);
    },
    forge(idToken, change) {
      const { header, claims } = decode(idToken);
      change?.(claims);
      return signJwt(header, claims, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    },
    close: async () => undefined,
  };
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.oidc?.route === 'token' && ctx.status === 200 && body && typeof body.id_token === 'string') {
      idp.issued.push(body.id_token);
      if (idp.tamper) ctx.body = { ...body, id_token: idp.tamper(body.id_token) };
    }
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  idp.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  t.teardown(() => idp.close());
  return idp;
}

export interface IdpResponse { status: number; html: string; location: string | null }
interface HttpClient {
  get(path: string): Promise<IdpResponse>;
  post(path: string, fields: Record<string, string>, options: { csrf: null }): Promise<IdpResponse>;
}

/**
 * Walks a browser through the provider over HTTP from `authorizeUrl` (where the instance sent it):
 * the development login as `subject`, the consent, until the provider redirects back to
 * `returnTo`'s origin. Returns that URL (the instance's callback with code and state), or, with
 * `abort`, the callback the provider sends when the person cancels. Bounded by steps.
 */
export async function throughProvider(idpWeb: HttpClient, authorizeUrl: string, subject: string, returnTo: string, o: { abort?: boolean } = {}): Promise<string> {
  const back = new URL(returnTo).origin;
  let url = authorizeUrl;
  for (let step = 0; step < 20; step++) {
    if (new URL(url).origin === back) return url;
    const res = await idpWeb.get(url);
    if (res.location) {
      url = new URL(res.location, url).href;
      continue;
    }
    if (res.status !== 200) throw new Error(`provider answered ${res.status} at ${url}: ${res.html.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>\s*<input type="hidden" name="prompt" value="(login|consent)"/.exec(res.html);
    if (!form) throw new Error(`no login or consent form at ${url}`);
    if (o.abort) {
      const abort = /href="([^"]*\/abort)"/.exec(res.html);
      if (!abort) throw new Error('no cancel link');
      url = new URL(abort[1]!, url).href;
      continue;
    }
    const action = new URL(form[1]!, url).href;
    const fields: Record<string, string> = form[2] === 'login' ? { prompt: 'login', login: subject, password: 'any password' } : { prompt: 'consent' };
    const posted = await idpWeb.post(action, fields, { csrf: null });
    if (!posted.location) throw new Error(`the provider's ${form[2]} form answered ${posted.status}`);
    url = new URL(posted.location, action).href;
  }
  throw new Error('the provider did not send the browser back within 20 steps');
}
