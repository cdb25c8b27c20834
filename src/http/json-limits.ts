import { DomainError } from '../errors.js';

/** Real AS2 documents nest a handful of levels; thousands of levels are an attack on whoever walks them. */
export const MAX_JSON_DEPTH = 32;
/** Larger than any real `to`/`cc`/`tag`/`orderedItems` we accept inline. */
export const MAX_JSON_ARRAY = 5000;

/** Throws `invalid` when a parsed document nests deeper or holds longer arrays than the caps. Iterative: no stack to blow. */
export function assertJsonWithinLimits(value: unknown, maxDepth = MAX_JSON_DEPTH, maxArray = MAX_JSON_ARRAY): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) throw new DomainError('invalid', 'JSON_TOO_DEEP', `the document nests deeper than ${maxDepth} levels`);
    if (Array.isArray(node)) {
      if (node.length > maxArray) throw new DomainError('invalid', 'JSON_ARRAY_TOO_LONG', `an array holds more than ${maxArray} items`);
      for (const item of node) if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
    } else {
      for (const key in node) {
        const item = (node as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
      }
    }
  }
}
