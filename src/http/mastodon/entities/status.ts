import { groupKeyOf } from '../../../domain/notifications/groups.js';
import { matchFilters, type ActiveFilter } from '../../../domain/filters/match.js';
import { serializeFilterResult, type MastodonFilterResult } from './filter.js';
import type { Actor, StoredNotification, StoredObject, TimelineEntry } from '../../../store/port.js';
import type { Deps } from '../../../domain/deps.js';
import { accountCounts } from '../../../domain/accounts/counts.js';
import { escapeHtml } from '../../../html/escape.js';
import { htmlToPlainText } from '../../../html/plain-text.js';
import { sanitizeRemoteHtml } from '../../../html/sanitize.js';
import { serializeAccount, type MastodonAccount } from './account.js';
import { serializeLinkedMedia, serializeMedia } from './media.js';
import { solutionStatusHtml } from './solution-content.js';

/** Mastodon's PreviewCard entity. */
export interface MastodonCard {
  url: string;
  title: string;
  description: string;
  language: string | null;
  type: 'link';
  author_name: string;
  author_url: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  image: string | null;
  image_description: string;
  embed_url: string;
  blurhash: string | null;
  published_at: string | null;
  authors: never[];
}

/** Mastodon's Status entity (REST::StatusSerializer), field for field. */
export interface MastodonStatus {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: string;
  language: string | null;
  uri: string;
  url: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  edited_at: string | null;
  favourited?: boolean;
  reblogged?: boolean;
  muted?: boolean;
  bookmarked?: boolean;
  pinned?: boolean;
  content: string;
  filtered?: MastodonFilterResult[];
  reblog: MastodonStatus | null;
  application?: { name: string; website: string | null } | null;
  account: MastodonAccount;
  media_attachments: unknown[];
  mentions: Array<{ id: string; username: string; url: string; acct: string }>;
  tags: Array<{ name: string; url: string }>;
  emojis: never[];
  card: MastodonCard | null;
  poll: null;
  /** Only in the answer to DELETE (Mastodon's "delete and redraft"). */
  text?: string;
}

/** Mastodon's Notification entity. */
export interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  group_key: string;
  account: MastodonAccount;
  status?: MastodonStatus;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const hrefOf = (v: unknown): string | undefined => str(v) ?? (Array.isArray(v) ? hrefOf(v[0]) : v && typeof v === 'object' ? str((v as { href?: unknown }).href) : undefined);

/** HTML or plain text (Articles' summaries are often plain) as safe HTML. */
const asHtml = (s: string) => (/<[a-z][\s\S]*>/i.test(s) ? sanitizeRemoteHtml(s) : `<p>${escapeHtml(s)}</p>`);

/**
 * How Mastodon shows an Article (a solution): it does not show `content`; the status text is the
 * title as a heading, the summary, and a link to the page (ActivityPub::Parser::StatusParser's
 * converted objects). Apps get a card pointing at that page too.
 */
export function articleContent(data: Record<string, unknown>, fallbackUrl: string): { content: string; card: Omit<MastodonCard, 'author_name' | 'author_url' | 'provider_name' | 'provider_url' | 'language' | 'published_at'> & { url: string } } {
  // AS2 `name` is plain text: escaped, never parsed.
  const name = str(data.name) ?? '';
  const summary = str(data.summary) ?? '';
  const url = hrefOf(data.url) ?? fallbackUrl;
  const parts = [name ? `<h2>${escapeHtml(name)}</h2>` : '', summary ? asHtml(summary) : '', `<p><a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">${escapeHtml(url)}</a></p>`];
  return {
    content: parts.join(''),
    card: {
      url, title: name, description: htmlToPlainText(summary).slice(0, 1000), type: 'link', html: '', width: 0, height: 0,
      image: null, image_description: '', embed_url: '', blurhash: null, authors: [],
    },
  };
}

/**
 * Renders statuses for one viewer (favourited, reblogged, bookmarked are theirs). Accounts and
 * posts looked up once per presenter, so a page of twenty costs tens of indexed reads.
 */
export class StatusPresenter {
  private readonly accounts = new Map<string, Promise<MastodonAccount | undefined>>();
  /**
   * `filters`: the viewer's active filters for the context being rendered (a timeline, the
   * notifications, a thread). A status a `hide` filter matches renders as undefined (left out,
   * and so is a boost of it or a notification about it); `warn` and `blur` put FilterResults in
   * `filtered`. Without filters (a single status, search) nothing is filtered, as Mastodon.
   */
  constructor(private readonly deps: Deps, private readonly viewer: Actor | null, private readonly filters: readonly ActiveFilter[] = []) {}

  account(actorId: string): Promise<MastodonAccount | undefined> {
    let p = this.accounts.get(actorId);
    if (!p) {
      p = (async () => {
        const actor = await this.deps.store.actors.getById(actorId);
        return actor ? serializeAccount(this.deps.urls, actor, await accountCounts(this.deps, actor)) : undefined;
      })();
      this.accounts.set(actorId, p);
    }
    return p;
  }

  async entries(entries: TimelineEntry[]): Promise<MastodonStatus[]> {
    const out = await Promise.all(entries.map((e) => this.entry(e)));
    return out.filter((s): s is MastodonStatus => !!s);
  }

  async entry(entry: TimelineEntry): Promise<MastodonStatus | undefined> {
    const inner = await this.status(entry.object);
    if (!inner || !entry.reblog) return inner;
    const account = await this.account(entry.reblog.actorId);
    if (!account) return undefined;
    const mine = this.viewer?.id === entry.reblog.actorId;
    return {
      id: entry.reblog.id, created_at: entry.reblog.createdAt, in_reply_to_id: null, in_reply_to_account_id: null, sensitive: false, spoiler_text: '',
      visibility: entry.reblog.public ? 'public' : 'unlisted', language: null, uri: entry.reblog.uri, url: entry.reblog.uri,
      replies_count: 0, reblogs_count: 0, favourites_count: 0, edited_at: null,
      ...(this.viewer ? { favourited: false, reblogged: inner.reblogged ?? false, muted: false, bookmarked: false, ...(mine ? { pinned: false } : {}), filtered: inner.filtered ?? [] } : {}),
      content: '', reblog: inner, ...(mine ? { application: null } : {}), account, media_attachments: [], mentions: [], tags: [], emojis: [], card: null, poll: null,
    };
  }

  async status(object: StoredObject): Promise<MastodonStatus | undefined> {
    const { store, urls } = this.deps;
    const account = await this.account(object.actorId);
    if (!account) return undefined;
    const data = object.data;
    const parent = object.inReplyToUri ? await store.objects.getByUri(object.inReplyToUri) : undefined;
    const [replies, reblogs, favourites] = await Promise.all([
      store.statuses.countReplies(object.uri),
      store.activities.countByObject(object.uri, 'Announce'),
      store.activities.countByObject(object.uri, 'Like'),
    ]);
    const tagList = list(data.tag).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object');
    const mentions = [];
    for (const t of tagList.filter((t) => t.type === 'Mention')) {
      const href = str(t.href);
      const actor = href ? await store.actors.getByUri(href) : undefined;
      if (actor) mentions.push({ id: actor.id, username: actor.username, url: actor.url ?? actor.uri, acct: actor.domain ? `${actor.username}@${actor.domain}` : actor.username });
    }
    const tags = tagList.filter((t) => t.type === 'Hashtag' && str(t.name)).map((t) => {
      const name = String(t.name).replace(/^#/, '').toLowerCase();
      return { name, url: `${urls.base}/tags/${encodeURIComponent(name)}` };
    });
    const article = object.type === 'Article';
    // Our own posts' uploads carry their ids and focal points; anything else is linked as stored.
    // Only a post that carries attachments costs a read (timelines render many without).
    const hasAttachments = Array.isArray(data.attachment) && data.attachment.length > 0;
    const uploads = hasAttachments && object.local && !article ? await store.media.listByObject(object.id) : [];
    const media = uploads.length ? uploads.map((m) => serializeMedia(this.deps, m)) : serializeLinkedMedia(object.id, data.attachment);
    const rendered = article ? articleContent(data, object.url ?? object.uri) : undefined;
    // A solution (ours or a peer's) shows in full: its structured record, not the Article's remote HTML.
    const solution = article ? await store.solutions.getByUri(object.uri) : undefined;
    const solutionHtml = solution && !solution.deletedAt ? solutionStatusHtml(solution.fields, object.url ?? object.uri, (t) => `${urls.base}/tags/${encodeURIComponent(t.toLowerCase())}`) : undefined;
    const summary = str(data.summary);
    let card: MastodonCard | null = null;
    if (rendered) {
      const host = (() => { try { return new URL(rendered.card.url).host; } catch { return ''; } })();
      card = { ...rendered.card, author_name: account.display_name || account.username, author_url: account.url, provider_name: host, provider_url: host ? `${new URL(rendered.card.url).origin}/` : '', language: object.language, published_at: object.publishedAt };
    }
    const viewer = this.viewer;
    const mine = viewer?.id === object.actorId;
    let filtered: MastodonFilterResult[] = [];
    if (viewer && !mine && this.filters.length) {
      const text = [
        summary && !article ? htmlToPlainText(summary) : '',
        htmlToPlainText(rendered ? rendered.content : (str(data.content) ?? '')),
        ...media.map((m) => m.description ?? ''),
      ].filter(Boolean).join('\n\n');
      const matches = matchFilters(this.filters, { id: object.id, text });
      if (matches.some((m) => m.view.filter.action === 'hide')) return undefined;
      filtered = matches.map(serializeFilterResult);
    }
    const viewerState = viewer
      ? {
          favourited: !!(await store.activities.find({ actorId: viewer.id, type: 'Like', objectUri: object.uri })),
          reblogged: !!(await store.activities.find({ actorId: viewer.id, type: 'Announce', objectUri: object.uri })),
          muted: false,
          bookmarked: await store.statuses.isBookmarked(viewer.id, object.id),
          // Mastodon shows `pinned` on the viewer's own posts only.
          ...(mine ? { pinned: (await store.relations.pinnedAmong(viewer.id, [object.id])).length > 0 } : {}),
          filtered,
        }
      : {};
    return {
      id: object.id,
      created_at: object.publishedAt,
      in_reply_to_id: parent?.id ?? null,
      in_reply_to_account_id: parent?.actorId ?? null,
      // A Note's summary is its content warning; an Article's is its lead (shown in the text).
      sensitive: !!data.sensitive || (!article && !!summary),
      spoiler_text: article || !summary ? '' : htmlToPlainText(summary),
      visibility: object.visibility,
      language: object.language,
      uri: object.uri,
      url: object.url ?? object.uri,
      replies_count: replies,
      reblogs_count: reblogs,
      favourites_count: favourites,
      edited_at: object.updatedAt,
      ...viewerState,
      content: solutionHtml ?? (rendered ? rendered.content : (str(data.content) ?? '')),
      reblog: null,
      ...(mine && object.local ? { application: null } : {}),
      account,
      media_attachments: media,
      mentions,
      tags,
      emojis: [],
      card,
      poll: null,
    };
  }

  /**
   * A notification as apps know them. `adoption` is not a Mastodon type: it is shown as a
   * `mention` of the adoption's status, which every app renders with its text and link.
   */
  async notification(n: StoredNotification): Promise<MastodonNotification | undefined> {
    const account = await this.account(n.fromActorId);
    if (!account) return undefined;
    const object = n.statusId ? await this.deps.store.objects.getById(n.statusId) : undefined;
    const status = object && !object.deletedAt ? await this.status(object) : undefined;
    if (n.statusId && !status) return undefined;
    const type = n.type === 'adoption' ? 'mention' : n.type;
    return { id: n.id, type, created_at: n.createdAt, group_key: groupKeyOf(n), account, ...(status ? { status } : {}) };
  }
}
