import t from 'tap';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, WebClient, staffAccount, textOf } from '../helpers/web.js';

interface Received { from: string; to: string[]; data: string }

/** A real SMTP server on loopback (smtp-server, nodemailer's own), keeping what it receives. */
async function smtpServer(t: { teardown(fn: () => unknown): void }): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

t.test('with SMTP configured, an invitation is also mailed to the person; the admin still sees the link; a failing server is said on the page', async (t) => {
  const smtp = await smtpServer(t);
  const a = await testInstance(t, 'admin-mail', { smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'Samspil <noreply@agency.example>', requireTls: false } });
  const base = `http://${a.domain}`;
  await staffAccount(a.it.deps, 'sigrid', 'admin');
  const admin = new WebClient(base);
  await admin.signIn('sigrid', STAFF_PASSWORD);

  const ok = await admin.post('/admin/people/invite', { username: 'karen', displayName: 'Karen Holm', email: 'karen@agency.example', role: 'user', staffRole: 'author' });
  t.equal(ok.status, 200);
  t.match(textOf(ok.html), /It was also sent by e-mail to karen@agency\.example/);
  const url = /id="one-time-link"[^>]*value="([^"]+)"/.exec(ok.html)![1]!;
  const mail = await eventually('the mail arrived', () => smtp.received[0]);
  t.same(mail.to, ['karen@agency.example']);
  t.equal(mail.from, 'noreply@agency.example');
  t.match(mail.data, /Subject: Your account at Agency admin-mail/);
  t.ok(mail.data.replace(/=\r?\n/g, '').includes(url), 'the mail carries the same link');

  // No address: nothing is mailed.
  await admin.post('/admin/people/invite', { username: 'lars', displayName: 'Lars', email: '', role: 'user', staffRole: 'author' }, { csrfFrom: '/admin/people/invite' });
  t.equal(smtp.received.length, 1);

  // The mail server goes away: the link is still made and shown, and the page says mail failed.
  await a.stop();
  const down = await testInstance(t, 'admin-mail-down', { smtp: { url: 'smtp://127.0.0.1:9', from: 'noreply@agency.example', requireTls: false } });
  await staffAccount(down.it.deps, 'sigrid', 'admin');
  const admin2 = new WebClient(`http://${down.domain}`);
  await admin2.signIn('sigrid', STAFF_PASSWORD);
  const failed = await admin2.post('/admin/people/invite', { username: 'maja', displayName: 'Maja', email: 'maja@agency.example', role: 'user', staffRole: 'author' }, { csrfFrom: '/admin/people/invite' });
  t.equal(failed.status, 200);
  t.match(textOf(failed.html), /Sending it by e-mail failed, so give it to the person yourself/);
  t.match(failed.html, /id="one-time-link"[^>]*value="http:\/\//);
});
