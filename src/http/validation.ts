import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Route schemas, compiled by two validators. Bodies (JSON, form and multipart alike) are checked as
 * they were sent and never coerced: `{"status": ["a"]}` is not a string, `{"title": 42}` is not a
 * title. Every body schema names the strings a form sends (`"true"` for a flag, `media_ids[]` for a
 * list), so form clients need no coercion either. Query strings and path parameters are text by
 * nature, so there `"20"` may become 20 and `id=1` a list of one, as Mastodon reads them.
 * Numbers must be finite everywhere (strictNumbers): `1e999` parses to Infinity.
 */
function makeAjv(coerceTypes: false | 'array'): Ajv {
  return addFormats(new Ajv({
    coerceTypes, removeAdditional: false, useDefaults: true, allErrors: true, strict: false, strictNumbers: true,
    // The same schema file serves several routes (POST and PUT of a list): compiled, not registered.
    addUsedSchema: false,
  }));
}

const strict = makeAjv(false);
const loose = makeAjv('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : loose).compile(schema as object) as ValidateFunction;
