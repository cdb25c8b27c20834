import type { Readable, Writable } from 'node:stream';

/** What a command may touch; tests pass their own streams and env. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/** A usage or input problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Splits argv into positionals and --flags (`--flag value`, `--flag=value`, or boolean `--flag`). */
export function parseArgs(argv: string[], booleans: string[] = []): { positionals: string[]; flags: Record<string, string | true> } {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq > 0 ? eq : undefined);
      if (eq > 0) flags[name] = arg.slice(eq + 1);
      else if (booleans.includes(name)) flags[name] = true;
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        flags[name] = value;
        i++;
      }
    } else positionals.push(arg);
  }
  return { positionals, flags };
}
