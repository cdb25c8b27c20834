// http-signature ships no types; only the parser is used (verification runs on node:crypto).
declare module 'http-signature' {
  export interface ParsedSignature {
    scheme: string;
    params: { keyId: string; algorithm: string; headers: string[]; signature: string; created?: string; expires?: string };
    signingString: string;
    algorithm: string;
    keyId: string;
  }
  export interface ParseOptions {
    headers?: string[];
    clockSkew?: number;
    algorithms?: string[];
    strict?: boolean;
    authorizationHeaderName?: string;
  }
  export interface ParsableRequest {
    method: string;
    url: string;
    httpVersion: string;
    headers: Record<string, string | string[] | undefined>;
  }
  export function parseRequest(request: ParsableRequest, options?: ParseOptions): ParsedSignature;
  const _default: { parseRequest: typeof parseRequest };
  export default _default;
}
