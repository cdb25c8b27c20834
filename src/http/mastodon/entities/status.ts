import { groupKeyOf } from '../../../domain/notifications/groups.js';
import { matchFilters, type ActiveFilter } from '../../../domain/filters/match.js';
import { serializeFilterResult, type MastodonFilterResult } from './filter.js';
import type { Actor, ActorCounts, MediaAttachment, SolutionRecord, StatusFacts, StoredNotification, StoredObject, TimelineEntry } from '../../../store/port.js';
import type { Deps } from '../../../domain/deps.js';
import { escapeHtml } from '../../../html/escape.js';
import { htmlToPlainText } from '../../../html/plain-text.js';
import { renderRemoteHtml } from '../../../html/sanitize.js';
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
const asHtml = (s: string) => (/<[a-z][\s\S]*>/i.test(s) ? renderRemoteHtml(s) : `<p>${escapeHtml(s)}</p>`);

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

/** An account the store holds no counts for (countsOf answers every id; this is only a fallback). */
const noCounts = (actorId: string): ActorCounts => ({ actorId, followers: 0, following: 0, statuses: 0, lastStatusAt: null });

/** Our own uploads are read for a post that carries attachments (others are linked as stored). */
const readsUploads = (o: StoredObject) => o.local && o.type !== 'Article' && Array.isArray(o.data.attachment) && o.data.attachment.length > 0;

const mentionHrefs = (o: StoredObject): string[] => list(o.data.tag)
  .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object' && (t as { type?: unknown }).type === 'Mention')
  .map((t) => str(t.href)).filter((h): h is string => !!h);

/** A promise some caller may never await (a filtered post): its rejection is seen by whoever awaits it, never "unhandled". */
const kept = <T>(p: Promise<T>): Promise<T> => (p.catch(() => {}), p);

/**
 * Renders statuses for one viewer (favourited, reblogged, bookmarked are theirs). What a page
 * needs beyond its rows (accounts and their counts, mentioned accounts, each post's parent,
 * counts and the viewer's marks, uploads, solutions) is read by `preload` in one batched query
 * per kind for the whole page, then kept for the presenter's life (one request): the store
 * queries per page do not grow with its length. Rendering one status preloads just it.
 */
export class StatusPresenter {
  private readonly accounts = new Map<string, Promise<MastodonAccount | undefined>>();
  private readonly mentioned = new Map<string, Promise<Actor | undefined>>();
  private readonly facts = new Map<string, Promise<StatusFacts | undefined>>();
  private readonly uploads = new Map<string, Promise<MediaAttachment[]>>();
  private readonly solutions = new Map<string, Promise<SolutionRecord | undefined>>();
  /**
   * `filters`: the viewer's active filters for the context being rendered (a timeline, the
   * notifications, a thread). A status a `hide` filter matches renders as undefined (left out,
   * and so is a boost of it or a notification about it); `warn` and `blur` put FilterResults in
   * `filtered`. Without filters (a single status, search) nothing is filtered, as Mastodon.
   */
  constructor(private readonly deps: Deps, private readonly viewer: Actor | null, private readonly filters: readonly ActiveFilter[] = []) {}

  /**
   * Starts the batched reads for what rendering `objects` (and the accounts `actorIds`) needs and
   * is not read yet: at most one query each for accounts, their counts, status facts, uploads and
   * solutions. Nothing is awaited here; rendering awaits what it uses.
   */
  preload(objects: readonly StoredObject[], actorIds: readonly string[] = []): void {
    const { store } = this.deps;
    const fresh = <K>(keys: Iterable<K>, map: Map<K, unknown>) => [...new Set(keys)].filter((k) => !map.has(k));
    const ids = fresh([...objects.map((o) => o.actorId), ...actorIds], this.accounts);
    const uris = fresh(objects.flatMap(mentionHrefs), this.mentioned);
    if (ids.length || uris.length) {
      const actors = store.actors.getMany({ ids, uris });
      const counts = ids.length ? store.actors.countsOf(ids) : Promise.resolve([]);
      const both = Promise.all([actors, counts]).then(([a, c]) => ({ byId: new Map(a.map((x) => [x.id, x])), byUri: new Map(a.map((x) => [x.uri, x])), counts: new Map(c.map((x) => [x.actorId, x])) }));
      for (const id of ids) {
        this.accounts.set(id, kept(both.then(({ byId, counts: c }) => {
          const actor = byId.get(id);
          return actor ? serializeAccount(this.deps.urls, actor, c.get(id) ?? noCounts(id)) : undefined;
        })));
      }
      for (const uri of uris) this.mentioned.set(uri, kept(both.then(({ byUri }) => byUri.get(uri))));
    }
    const byId = new Map(objects.map((o) => [o.id, o]));
    const factsFor = fresh(byId.keys(), this.facts).map((id) => byId.get(id)!);
    if (factsFor.length) {
      const facts = store.statuses.facts(factsFor, this.viewer?.id ?? null).then((f) => new Map(f.map((x) => [x.objectId, x])));
      for (const o of factsFor) this.facts.set(o.id, kept(facts.then((m) => m.get(o.id))));
    }
    const mediaFor = fresh(objects.filter(readsUploads).map((o) => o.id), this.uploads);
    if (mediaFor.length) {
      const media = store.media.listByObjects(mediaFor);
      for (const id of mediaFor) this.uploads.set(id, kept(media.then((m) => m.filter((x) => x.objectId === id))));
    }
    const solutionsFor = fresh(objects.filter((o) => o.type === 'Article').map((o) => o.uri), this.solutions);
    if (solutionsFor.length) {
      const found = store.solutions.getByUris(solutionsFor).then((s) => new Map(s.map((x) => [x.uri, x])));
      for (const uri of solutionsFor) this.solutions.set(uri, kept(found.then((m) => m.get(uri))));
    }
  }

  account(actorId: string): Promise<MastodonAccount | undefined> {
    if (!this.accounts.has(actorId)) this.preload([], [actorId]);
    return this.accounts.get(actorId)!;
  }

  /** Accounts for several ids in one batch (conversations, lists of accounts). */
  async accountsOf(actorIds: readonly string[]): Promise<Array<MastodonAccount | undefined>> {
    this.preload([], actorIds);
    return Promise.all(actorIds.map((id) => this.accounts.get(id)!));
  }

  async entries(entries: TimelineEntry[]): Promise<MastodonStatus[]> {
    this.preload(entries.map((e) => e.object), entries.flatMap((e) => (e.reblog ? [e.reblog.actorId] : [])));
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
    const { urls } = this.deps;
    this.preload([object]);
    const account = await this.account(object.actorId);
    if (!account) return undefined;
    const data = object.data;
    const facts = (await this.facts.get(object.id)) ?? { parentId: null, parentActorId: null, replies: 0, reblogs: 0, favourites: 0, favourited: false, reblogged: false, bookmarked: false, pinned: false };
    const { replies, reblogs, favourites } = facts;
    const tagList = list(data.tag).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object');
    const mentions = [];
    for (const t of tagList.filter((t) => t.type === 'Mention')) {
      const href = str(t.href);
      const actor = href ? await this.mentioned.get(href) : undefined;
      if (actor) mentions.push({ id: actor.id, username: actor.username, url: actor.url ?? actor.uri, acct: actor.domain ? `${actor.username}@${actor.domain}` : actor.username });
    }
    const tags = tagList.filter((t) => t.type === 'Hashtag' && str(t.name)).map((t) => {
      const name = String(t.name).replace(/^#/, '').toLowerCase();
      return { name, url: `${urls.base}/tags/${encodeURIComponent(name)}` };
    });
    const article = object.type === 'Article';
    // Our own posts' uploads carry their ids and focal points; anything else is linked as stored.
    const uploads = readsUploads(object) ? (await this.uploads.get(object.id)) ?? [] : [];
    const media = uploads.length ? uploads.map((m) => serializeMedia(this.deps, m)) : serializeLinkedMedia(object.id, data.attachment);
    const rendered = article ? articleContent(data, object.url ?? object.uri) : undefined;
    // A solution (ours or a peer's) shows in full: its structured record, not the Article's remote HTML.
    const solution = article ? await this.solutions.get(object.uri) : undefined;
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
          favourited: facts.favourited,
          reblogged: facts.reblogged,
          muted: false,
          bookmarked: facts.bookmarked,
          // Mastodon shows `pinned` on the viewer's own posts only.
          ...(mine ? { pinned: facts.pinned } : {}),
          filtered,
        }
      : {};
    return {
      id: object.id,
      created_at: object.publishedAt,
      in_reply_to_id: facts.parentId,
      in_reply_to_account_id: facts.parentActorId,
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
    return (await this.notifications([n]))[0];
  }

  /** Several notifications, their statuses read in one query and rendered with one preload; one out per one in (undefined: left out). */
  async notifications(list: readonly StoredNotification[]): Promise<Array<MastodonNotification | undefined>> {
    const statusIds = [...new Set(list.map((n) => n.statusId).filter((id): id is string => !!id))];
    const objects = new Map((statusIds.length ? await this.deps.store.objects.getByIds(statusIds) : []).map((o) => [o.id, o]));
    // The senders and the posts' authors in the same batch.
    this.preload([...objects.values()].filter((o) => !o.deletedAt), list.map((n) => n.fromActorId));
    return Promise.all(list.map((n) => this.notificationOf(n, n.statusId ? objects.get(n.statusId) : undefined)));
  }

  private async notificationOf(n: StoredNotification, object: StoredObject | undefined): Promise<MastodonNotification | undefined> {
    const account = await this.account(n.fromActorId);
    if (!account) return undefined;
    const status = object && !object.deletedAt ? await this.status(object) : undefined;
    if (n.statusId && !status) return undefined;
    const type = n.type === 'adoption' ? 'mention' : n.type;
    return { id: n.id, type, created_at: n.createdAt, group_key: groupKeyOf(n), account, ...(status ? { status } : {}) };
  }
}
