import type { Deps } from '../../src/domain/deps.js';
import { createAccount } from '../../src/domain/accounts/accounts.js';
import type { StaffRole, UserRole } from '../../src/store/port.js';

/**
 * A browser without a browser: real HTTP (fetch) to a listening instance, a cookie jar, no
 * redirects followed unless asked, and form posts that carry the page's CSRF token the way a
 * browser submits a form. Page behaviour a person sees is tested in Chromium; this is for rules.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string, readonly lang = 'en') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; location: string | null; headers: Headers }> {
    const res = await fetch(new URL(path, this.base), {
      redirect: 'manual', headers: { accept: 'text/html', 'accept-language': this.lang, cookie: this.cookieHeader(), ...headers }, signal: AbortSignal.timeout(15_000),
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  /** The CSRF token of the first (or the `action`) form on a page. */
  static csrfOf(html: string, action?: string): string {
    const forms = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = action ? forms.find((f) => f[1] === action) : forms.find((f) => /name="_csrf"/.test(f[2]!));
    const token = /name="_csrf" value="([^"]*)"/.exec(form?.[2] ?? '')?.[1];
    if (!token) throw new Error(`no CSRF token in a form${action ? ` to ${action}` : ''}`);
    return token;
  }

  /** POSTs a url-encoded form as a browser does; `fields` may repeat names with arrays. */
  async post(path: string, fields: Record<string, string | string[]>, options: { csrfFrom?: string; csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    let csrf = options.csrf;
    if (csrf === undefined) {
      const page = await this.get(options.csrfFrom ?? path);
      csrf = WebClient.csrfOf(page.html, path.split('?')[0]);
    }
    if (csrf !== null) body.append('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await fetch(new URL(path, this.base), {
      method: 'POST', redirect: 'manual', body,
      headers: { accept: 'text/html', 'accept-language': this.lang, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(15_000),
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  async signIn(login: string, password: string): Promise<void> {
    const res = await this.post('/auth/sign_in', { login, password, next: '/home' }, { csrfFrom: '/auth/sign_in' });
    if (res.status !== 303) throw new Error(`sign-in as ${login} failed: ${res.status}`);
  }

  /**
   * POSTs a multipart/form-data form as a browser does for a form with file inputs: the fields
   * (names may repeat through arrays), then each file as its field with a file name and type.
   * The CSRF token is found as post() finds it, unless given (or null for none).
   */
  async postMultipart(
    path: string, fields: Record<string, string | string[]>, files: Array<{ field: string; filename: string; type: string; data: Uint8Array }> = [],
    options: { csrfFrom?: string; csrf?: string | null } = {},
  ) {
    const form = new FormData();
    let csrf = options.csrf;
    if (csrf === undefined) {
      const page = await this.get(options.csrfFrom ?? path);
      csrf = WebClient.csrfOf(page.html, path.split('?')[0]);
    }
    if (csrf !== null) form.append('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
    for (const f of files) form.append(f.field, new Blob([f.data], { type: f.type }), f.filename);
    const res = await fetch(new URL(path, this.base), {
      method: 'POST', redirect: 'manual', body: form,
      headers: { accept: 'text/html', 'accept-language': this.lang, cookie: this.cookieHeader() },
      signal: AbortSignal.timeout(15_000),
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }
}

export const STAFF_PASSWORD = 'correct horse battery';

/** A staff login with a known password (no forced change). */
export async function staffAccount(deps: Deps, username: string, role: UserRole = 'user', email?: string, staffRole: StaffRole = 'author') {
  const created = await createAccount(deps, { username, password: STAFF_PASSWORD, role, staffRole, displayName: username[0]!.toUpperCase() + username.slice(1), email });
  return created;
}

/** Text of the page without tags, whitespace collapsed: what a person reads. */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) out[m[1]!] = m[2] ?? '';
  return out;
}

export function formOf(html: string, action: string): string {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find((f) => attrs(f[1]!).action === action);
  if (!form) throw new Error(`no form to ${action}`);
  return form[2]!;
}

/** What a browser would send for the form to `action` as it stands on the page (no button pressed yet). */
export function fieldsOf(html: string, action: string): Record<string, string[]> {
  const form = formOf(html, action);
  const out: Record<string, string[]> = {};
  const add = (k: string | undefined, v: string) => { if (k) (out[k] ??= []).push(v); };
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const a = attrs(m[1]!);
    if (['submit', 'file', 'button'].includes(a.type ?? '')) continue;
    if ((a.type === 'checkbox' || a.type === 'radio') && !('checked' in a)) continue;
    add(a.name, decode(a.value ?? ''));
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attrs(m[1]!).name, decode(m[2]!));
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    add(attrs(m[1]!).name, decode(chosen?.[1] ?? ''));
  }
  return out;
}

/** Presses a button of the form on `page`: its fields as they are, changed by `change`, and the button's name and value. */
export async function press(browser: WebClient, page: string, action: string, button: Record<string, string>, change: Record<string, string | string[]> = {}, files: Parameters<WebClient['postMultipart']>[2] = []) {
  return browser.postMultipart(action, { ...fieldsOf(page, action), ...change, ...button }, files, { csrf: null });
}
