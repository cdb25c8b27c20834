import { AS_CONTEXT } from './vocab/context.js';

/** Mastodon's shape: the collection names totalItems and its first page; pages carry the items. */
export function orderedCollection(id: string, totalItems: number, first?: string): Record<string, unknown> {
  return { '@context': AS_CONTEXT, id, type: 'OrderedCollection', totalItems, ...(first ? { first } : {}) };
}

export function orderedCollectionPage(
  id: string,
  partOf: string,
  items: unknown[],
  links: { next?: string; prev?: string; totalItems?: number } = {},
): Record<string, unknown> {
  return {
    '@context': AS_CONTEXT,
    id,
    type: 'OrderedCollectionPage',
    partOf,
    ...(links.totalItems !== undefined ? { totalItems: links.totalItems } : {}),
    orderedItems: items,
    ...(links.next ? { next: links.next } : {}),
    ...(links.prev ? { prev: links.prev } : {}),
  };
}
