import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readSchema } from '../../schemas.js';
import { invalid, type FieldError } from '../../errors.js';
import { normalizeFields, type SolutionFields } from './model.js';
import type { AdoptionInput } from './adoption-model.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Fields the server sets; a client sending them is told so by name. */
const SERVER_SET = new Set(['id', 'uri', 'url', 'published', 'updated', 'revision', 'organisation', 'adoptions', 'replies', 'author', 'origin', 'local']);

/** Required on POST: "" for one of these is an error, never a way to clear it. */
let required: Set<string> | undefined;
const isRequired = (name: string) => (required ??= new Set((readSchema('solution.schema.json').required as string[] | undefined) ?? [])).has(name);

let compiled: { create: ValidateFunction; patch: ValidateFunction; adoption: ValidateFunction } | undefined;

function validators() {
  if (compiled) return compiled;
  // allErrors: a client learns about every bad field in one answer. strictNumbers: `strict: false`
  // would otherwise let Infinity (what JSON.parse makes of 1e999) pass as a number.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false, strictNumbers: true, useDefaults: false }));
  const solution = readSchema('solution.schema.json');
  ajv.addSchema(solution);
  const { required: _r, $id, ...rest } = solution;
  const patch = { ...rest, $id: String($id).replace('solution.schema.json', 'solution-patch.schema.json'), minProperties: 1 };
  compiled = {
    create: ajv.getSchema(String(solution.$id))!,
    patch: ajv.compile(patch),
    adoption: ajv.compile(readSchema('adoption.schema.json')),
  };
  return compiled;
}

/** Ajv's errors as one entry per bad field: a JSON pointer and a sentence. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  // minLength says more than the blank-pattern when both fail.
  const ordered = [...(errors ?? [])].sort((a, b) => Number(a.keyword === 'pattern') - Number(b.keyword === 'pattern'));
  for (const e of ordered) {
    let pointer = e.instancePath;
    let detail: string;
    if (e.keyword === 'required') {
      pointer += `/${String(e.params.missingProperty)}`;
      detail = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      const name = String(e.params.additionalProperty);
      pointer += `/${name}`;
      detail = e.instancePath === '' && SERVER_SET.has(name) ? 'is set by the server and cannot be sent' : 'is not a known field';
    } else if (e.keyword === 'enum') {
      detail = `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    } else if (e.keyword === 'minProperties' && e.instancePath === '') {
      detail = 'send at least one field to change';
    } else if (e.keyword === 'pattern' && /\\S/.test(String(e.params.pattern))) {
      detail = 'must not be blank';
    } else {
      detail = e.message ?? 'is invalid';
    }
    // One entry per field: a blank title breaks minLength and pattern, the client needs one line.
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    out.push({ pointer, detail });
  }
  return out;
}

function check(v: ValidateFunction, body: unknown, what: string): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('VALIDATION_FAILED', `the body must be a JSON object (${what})`, [{ pointer: '', detail: 'must be an object' }]);
  }
  if (v(body)) return;
  const errors = fieldErrors(v.errors);
  throw invalid('VALIDATION_FAILED', `${what}: ${errors.map((e) => `${e.pointer || '(root)'} ${e.detail}`).join('; ')}`, errors);
}

/** A POST body as SolutionFields, or VALIDATION_FAILED naming each bad field. */
export function validateSolution(body: unknown): SolutionFields {
  check(validators().create, body, 'invalid solution');
  return normalizeFields(body as SolutionFields);
}

/** A PATCH body: the same fields, none required, at least one. */
export function validateSolutionPatch(body: unknown): Partial<SolutionFields> {
  // "" clears an optional field whatever its type (docs/solutions-api.md), so it is not held against
  // an enum, a pattern or an object shape here; the merged fields are validated whole afterwards.
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const entries = Object.entries(body);
    const rest = Object.fromEntries(entries.filter(([k, v]) => v !== '' || isRequired(k)));
    if (Object.keys(rest).length || !entries.length) check(validators().patch, rest, 'invalid solution change');
    return body as Partial<SolutionFields>;
  }
  check(validators().patch, body, 'invalid solution change');
  return body as Partial<SolutionFields>;
}

export function validateAdoption(body: unknown): AdoptionInput {
  check(validators().adoption, body, 'invalid adoption');
  return normalizeFields(body as AdoptionInput);
}

/** True when `fields` (e.g. built from a remote document) pass the same schema; errors for the log. */
export function isValidSolution(fields: unknown): { ok: boolean; errors: FieldError[] } {
  const v = validators().create;
  return v(fields) ? { ok: true, errors: [] } : { ok: false, errors: fieldErrors(v.errors) };
}

/** Same check for an adoption built from a remote document. */
export function isValidAdoption(input: unknown): boolean {
  return validators().adoption(input) as boolean;
}
