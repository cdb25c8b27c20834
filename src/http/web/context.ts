import type { Actor, User } from '../../store/port.js';
import type { Deps } from '../../domain/deps.js';
import type { Lang, Translator } from './i18n.js';
import { actsForAgency } from '../../domain/accounts/roles.js';

/** Who is signed in, as pages need it. */
export interface SignedIn {
  user: User;
  actor: Actor;
  sessionId: string;
}

/** Everything a page needs besides its own data: language, viewer, CSRF token, where it is. */
export interface PageContext {
  deps: Deps;
  tr: Translator;
  lang: Lang;
  viewer: SignedIn | null;
  /** For every POST form on the page. */
  csrfToken: string;
  /** Path and query of this page, for "sign in and come back" and the language links. */
  path: string;
  /** The agency's name from its profile (an admin may have edited it); the config's until then. */
  agencyName?: string;
  /** One line shown once above the content ("Your solution was published"). */
  notice?: { kind: 'success' | 'info' | 'warning'; text: string };
}

/** Whether the signed-in person may act in the agency's name (publish, adopt, follow) without approval. */
export function viewerActsForAgency(ctx: PageContext): boolean {
  return !!ctx.viewer && actsForAgency(ctx.deps.config, ctx.viewer.user);
}
