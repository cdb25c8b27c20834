import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `samspil <argv>` in-process with its own streams and env. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await main(argv, { stdout: out, stderr: err, stdin: Readable.from([stdin]), env });
  return { code, stdout, stderr };
}
