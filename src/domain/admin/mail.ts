import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../deps.js';

/**
 * Outgoing mail (config `smtp`), for one-time links only. One transport per configuration; the
 * URL holds credentials, so it is never logged.
 */
const transports = new WeakMap<object, Transporter>();

export function mailConfigured(deps: Pick<Deps, 'config'>): boolean {
  return !!deps.config.smtp?.url;
}

function transportFor(deps: Pick<Deps, 'config'>): Transporter {
  const smtp = deps.config.smtp!;
  let t = transports.get(smtp);
  if (!t) {
    const secure = smtp.url.startsWith('smtps://');
    t = nodemailer.createTransport({
      url: smtp.url,
      secure,
      // Over smtp:// the connection must be upgraded with STARTTLS unless the config says otherwise.
      requireTLS: !secure && smtp.requireTls !== false,
      connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(smtp, t);
  }
  return t;
}

export async function sendMail(deps: Pick<Deps, 'config'>, mail: { to: string; subject: string; text: string }): Promise<void> {
  await transportFor(deps).sendMail({ from: deps.config.smtp!.from, to: mail.to, subject: mail.subject, text: mail.text });
}
