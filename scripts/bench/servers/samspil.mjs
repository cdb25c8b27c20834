// Runs the real `samspil serve` in this process and prints READY <port> once it listens.
import { main } from '../../../dist/cli/main.js';

const origWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const m = /Samspil listening on http:\/\/[^:]+:(\d+)/.exec(String(chunk));
  if (m) origWrite(`READY ${m[1]}\n`);
  return true; // the admin password and other start-up lines are not needed here
};
process.exitCode = await main(['serve']);
