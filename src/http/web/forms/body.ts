/**
 * A parsed form: @fastify/formbody gives strings (and arrays for repeated names); multipart bodies
 * are flattened to the same shape by the upload route. Nothing else is ever in it.
 */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a field; for repeated names the last (as browsers and Rails read them). */
export function formString(body: FormBody | undefined, name: string): string {
  const v = body?.[name];
  if (Array.isArray(v)) return v[v.length - 1] ?? '';
  return typeof v === 'string' ? v : '';
}

/** Every value of a field (checkbox groups). */
export function formStrings(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
