// Types for the tests; the script itself stays plain JS so it runs before anything is compiled.
export function stampPath(root?: string): string;
export function isUpToDate(root?: string): boolean;
export function writeStamp(root?: string, startedMs?: number): void;
export function ensureBuilt(options?: { force?: boolean; root?: string }): void;
