// Fastify hello-world, with or without per-request logging (to /dev/null), for the HTTP ceiling.
import Fastify from 'fastify';
import { pino } from 'pino';

const log = process.argv.includes('--log');
const app = Fastify(log ? { loggerInstance: pino(pino.destination('/dev/null')) } : { logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${app.server.address().port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
