import type { CommandContext } from '../main.js';
import { parseArgs, UsageError } from '../io.js';
import { startInstance } from '../../server.js';

export async function serveCommand(args: string[], ctx: CommandContext): Promise<number> {
  if (parseArgs(args).positionals.length) throw new UsageError('usage: samspil serve');
  const instance = await startInstance(ctx.config);
  const { io } = ctx;
  const { urls } = instance.deps;
  const { admin, agencyActor } = instance.firstStart;
  io.stdout.write(`Samspil listening on http://${instance.address.host}:${instance.address.port} as ${urls.base}\n`);
  io.stdout.write(`agency: @${agencyActor.username}@${urls.host} (${agencyActor.uri})\n`);
  // The public base URL, not the bind address: behind a proxy or in a container only the former is
  // reachable from a browser.
  const home = `${urls.base}/`;
  if (admin) {
    io.stdout.write(`\nFirst start: created admin "${admin.username}" with password\n\n    ${admin.password}\n\nIt is shown only this once.\n`
      + `Open ${home} and sign in at ${urls.base}/auth/sign_in as "${admin.username}" with the password above, then change it at /settings/password.\n\n`);
  }
  io.stdout.write(`Samspil is running at ${home}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      instance.deps.log.info({ signal }, 'stopping');
      instance.close().then(resolve, (e) => {
        instance.deps.log.error({ err: e }, 'error while stopping');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
