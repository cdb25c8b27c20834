import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { isId } from '../../ids.js';
import type { Page } from '../../store/port.js';
import { limitParam } from './params.js';

type Params = Record<string, unknown>;

/** `max_id`, `since_id`, `min_id`, `limit` as Mastodon reads them; ids that are not ids are ignored. */
export function pageParams(query: unknown, defaultLimit: number): Page {
  const q = (query ?? {}) as Params;
  const id = (v: unknown) => (isId(v) ? v : undefined);
  return { maxId: id(q.max_id), sinceId: id(q.since_id), minId: id(q.min_id), limit: limitParam(q.limit, defaultLimit) };
}

/**
 * Mastodon's Link header: `next` (max_id = the oldest id shown) when the page is full, `prev`
 * (min_id = the newest id shown) when it is not empty; the request's other parameters are kept.
 */
export function setPageLinks(deps: Pick<Deps, 'urls'>, request: FastifyRequest, reply: FastifyReply, ids: string[], limit: number): void {
  if (ids.length === 0) return;
  setBoundLinks(deps, request, reply, { newest: ids[0]!, oldest: ids[ids.length - 1]!, more: ids.length >= limit });
}

/** The same Link from a page's bounds: `next` from `oldest` when `more`, `prev` from `newest`. */
export function setBoundLinks(deps: Pick<Deps, 'urls'>, request: FastifyRequest, reply: FastifyReply, bounds: { newest: string; oldest: string; more: boolean }): void {
  const link = (key: 'max_id' | 'min_id', value: string) => {
    const url = new URL(request.url, deps.urls.base);
    for (const k of ['max_id', 'since_id', 'min_id']) url.searchParams.delete(k);
    url.searchParams.set(key, value);
    return `${deps.urls.base}${url.pathname}${url.search}`;
  };
  const parts: string[] = [];
  if (bounds.more) parts.push(`<${link('max_id', bounds.oldest)}>; rel="next"`);
  parts.push(`<${link('min_id', bounds.newest)}>; rel="prev"`);
  reply.header('link', parts.join(', '));
}
