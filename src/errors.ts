/**
 * Typed domain errors. The domain throws them; each surface (problem+json, Mastodon JSON, HTML, CLI)
 * renders them once. `detail` is safe to show a client; `cause` stays in the logs.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_acceptable'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  /** JSON pointer into the request body, e.g. /results/0/metric */
  pointer: string;
  detail: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    /** Stable SCREAMING_SNAKE code, listed in docs/errors.md. */
    readonly code: string,
    /** Client-safe explanation. */
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(`${code}: ${detail}`, extra.cause !== undefined ? { cause: extra.cause } : undefined);
  }
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export function statusOf(kind: ErrorKind): number {
  return STATUS[kind];
}

export const notFound = (code: string, detail: string) => new DomainError('not_found', code, detail);
export const invalid = (code: string, detail: string, errors?: FieldError[]) => new DomainError('invalid', code, detail, { errors });
export const conflict = (code: string, detail: string) => new DomainError('conflict', code, detail);
export const forbidden = (code: string, detail: string) => new DomainError('forbidden', code, detail);
