import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** schemas/ lives beside src/ and dist/, so both the compiled and the ts-node run find it. */
export const SCHEMAS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

export interface Ajv2020Like { errors?: ErrorObject[] | null }

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: false, strict: false, strictNumbers: true, useDefaults: false }));

/** Loads a JSON file from schemas/. */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')) as Record<string, unknown>;
}

/** Compiles a schema from schemas/ once; later calls reuse Ajv's cache by $id. */
export function compileSchema(name: string): ((data: unknown) => boolean) & Ajv2020Like {
  const schema = readSchema(name);
  const existing = typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : undefined;
  return (existing ?? ajv.compile(schema)) as ((data: unknown) => boolean) & Ajv2020Like;
}
