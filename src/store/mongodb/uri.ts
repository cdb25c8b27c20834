/**
 * The database named in a MongoDB connection string's path (`mongodb://h1,h2/samspil?...`), or
 * undefined. Parsed by hand because multi-host and `+srv` URIs are not WHATWG URLs.
 */
export function databaseNameOf(uri: string): string | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(uri);
  const name = m?.[1] ? decodeURIComponent(m[1]) : '';
  return name || undefined;
}

/** The URI without its password, for logs and error messages: a connection string may carry one. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/?#]*)@/, (_all, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0];
    return `${scheme}${user}:***@`;
  });
}
