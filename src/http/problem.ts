import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, statusOf, type FieldError } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 410: 'Gone', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Fastify's own error codes, as our codes and client-safe details. */
const FASTIFY_CODES: Record<string, { code: string; detail?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BODY_EMPTY', detail: 'the request body is empty; send a JSON document' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BODY_MALFORMED' },
  FST_ERR_VALIDATION: { code: 'VALIDATION_FAILED' },
};

/** Turns any thrown error into one normalized problem; 5xx details never carry internals. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof DomainError) {
    const status = statusOf(error.kind);
    return problem(status, error.code, error.detail, request, error.extra.errors);
  }
  const fe = error as FastifyError & { validation?: Array<{ instancePath: string; message?: string; params?: Record<string, unknown> }> };
  const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (status >= 500) return problem(status, 'INTERNAL', 'the server failed to handle this request; it has been logged', request);
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({
      pointer: v.instancePath + (v.params?.missingProperty ? `/${String(v.params.missingProperty)}` : v.params?.additionalProperty ? `/${String(v.params.additionalProperty)}` : ''),
      detail: v.message ?? 'is invalid',
    }));
    const where = fe.validationContext ?? 'body';
    return problem(400, 'VALIDATION_FAILED', `${where}: ${errors.map((e) => `${e.pointer || '(root)'} ${e.detail}`).join('; ')}`, request, errors);
  }
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  return problem(status, known?.code ?? 'BAD_REQUEST', known?.detail ?? fe.message, request);
}

function problem(status: number, code: string, detail: string, request: FastifyRequest, errors?: FieldError[]): Problem {
  return {
    type: `about:blank#${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url,
    ...(errors?.length ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  if (p.status === 429 || p.status === 503) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(p);
}
