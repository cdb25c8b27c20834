/**
 * A pure string function remembered for its most recent inputs, bounded by entries and by
 * characters held, so it costs a fixed amount of memory whatever the data. For the sanitizer
 * passes at render: the same stored HTML is rendered on every page that shows it, and
 * sanitize-html parses it each time (8.5 % of a home timeline's CPU).
 */
export interface Memo {
  (input: string): string;
  readonly size: number;
  readonly chars: number;
}

export function memoizeString(fn: (input: string) => string, limits: { entries: number; chars: number; longest: number }): Memo {
  // A Map iterates in insertion order: re-inserting on a hit keeps the first key the least recent.
  const kept = new Map<string, string>();
  let chars = 0;
  const memo = ((input: string) => {
    const hit = kept.get(input);
    if (hit !== undefined) {
      kept.delete(input);
      kept.set(input, hit);
      return hit;
    }
    const out = fn(input);
    if (input.length > limits.longest) return out;
    kept.set(input, out);
    chars += input.length + out.length;
    while (kept.size > limits.entries || chars > limits.chars) {
      const [oldIn, oldOut] = kept.entries().next().value as [string, string];
      kept.delete(oldIn);
      chars -= oldIn.length + oldOut.length;
    }
    return out;
  }) as Memo;
  Object.defineProperty(memo, 'size', { get: () => kept.size });
  Object.defineProperty(memo, 'chars', { get: () => chars });
  return memo;
}
