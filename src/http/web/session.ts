import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { resolveWebSession } from '../../domain/auth/web-sessions.js';
import { getUserSettings } from '../../domain/accounts/settings.js';
import { agencyDisplayName } from '../../domain/admin/agency-profile.js';
import type { PageContext, SignedIn } from './context.js';
import { fromAcceptLanguage, instanceLang, isLang, translator, type Lang } from './i18n.js';

export const SESSION_COOKIE = 'samspil_session';
export const LANG_COOKIE = 'samspil_lang';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once per request by `pageContext`. */
    webContext: PageContext | null;
  }
}

export function cookieOptions(deps: Deps, maxAgeSeconds?: number) {
  return {
    path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.publicUrlScheme === 'https',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const fromPlugin = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[name];
  if (fromPlugin !== undefined) return fromPlugin;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The signed-in user of this request, if any (cached on the request). */
export async function viewerOf(deps: Deps, request: FastifyRequest): Promise<SignedIn | null> {
  if (request.webContext) return request.webContext.viewer;
  const resolved = await resolveWebSession(deps, readCookie(request, SESSION_COOKIE));
  return resolved ? { user: resolved.user, actor: resolved.actor, sessionId: resolved.session.id } : null;
}

/**
 * The page language: `?lang=` (the switcher, remembered in a cookie), then the cookie, then the
 * signed-in user's setting, then Accept-Language, then the instance's default.
 */
async function pageLang(deps: Deps, request: FastifyRequest, reply: FastifyReply, viewer: SignedIn | null): Promise<Lang> {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLang(asked)) {
    reply.setCookie?.(LANG_COOKIE, asked, { ...cookieOptions(deps, 365 * 24 * 3600), httpOnly: false });
    return asked;
  }
  const cookie = readCookie(request, LANG_COOKIE);
  if (isLang(cookie)) return cookie;
  if (viewer) {
    const own = (await getUserSettings(deps, viewer.user.id)).uiLanguage;
    if (isLang(own)) return own;
  }
  return fromAcceptLanguage(request.headers['accept-language']) ?? instanceLang(deps.config.instance.languages);
}

/** Builds (once) what every page needs for this request. */
export async function pageContext(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  if (request.webContext) return request.webContext;
  const viewer = await viewerOf(deps, request);
  const lang = await pageLang(deps, request, reply, viewer);
  const csrfToken = typeof reply.generateCsrf === 'function' ? reply.generateCsrf({ userInfo: viewer ? `session:${viewer.sessionId}` : 'anonymous' } as never) : '';
  const path = request.url.length > 2000 ? request.url.split('?')[0]! : request.url;
  const tr = translator(lang);
  const notice = (request.query as Record<string, unknown> | undefined)?.notice;
  const ctx: PageContext = { deps, tr, lang, viewer, csrfToken, path, agencyName: await agencyDisplayName(deps).catch(() => undefined) };
  // Only known notices: a link cannot make our page say something of its choosing.
  if (typeof notice === 'string' && /^[a-z_]{1,40}$/.test(notice) && tr.has(`notices.${notice}`)) ctx.notice = { kind: 'success', text: tr.t(`notices.${notice}`) };
  request.webContext = ctx;
  return ctx;
}

/**
 * Headers of every page: never kept by shared caches, never framed.
 * The Content-Security-Policy itself is set for every HTML response in one hook (security-headers.ts).
 */
export function sendPage(reply: FastifyReply, status: number, markup: string): FastifyReply {
  // Every page may carry the viewer's name and a CSRF token: no shared cache keeps it.
  reply.code(status).type('text/html; charset=utf-8').header('x-frame-options', 'DENY').header('cache-control', 'private, no-store');
  reply.header('vary', 'Accept, Accept-Language, Cookie');
  return reply.send(markup);
}

/** Only same-site paths: "?next=https://evil.example" must not turn sign-in into an open redirect. */
export function safeNext(next: unknown, fallback = '/home'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 2000) return fallback;
  if (/[\r\n]/.test(next)) return fallback;
  return next;
}

/** For pages that need a signed-in user: the viewer, or a redirect to sign-in that comes back here. */
export async function requireViewer(deps: Deps, request: FastifyRequest, reply: FastifyReply): Promise<SignedIn | null> {
  const ctx = await pageContext(deps, request, reply);
  if (ctx.viewer) return ctx.viewer;
  const next = request.method === 'GET' ? request.url : (request.headers.referer ? new URL(request.headers.referer, deps.urls.base).pathname : '/home');
  void reply.code(303).header('cache-control', 'no-store').redirect(`/auth/sign_in?next=${encodeURIComponent(safeNext(next))}`);
  return null;
}

/**
 * For a scope that parses multipart bodies: a signed-out POST goes to sign-in before the parser
 * reads (and the handler would discard) any file.
 */
export function signInBeforeBody(scope: FastifyInstance, deps: Deps): void {
  scope.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST') return;
    if ((await pageContext(deps, request, reply)).viewer) return;
    await requireViewer(deps, request, reply);
    return reply;
  });
}
