import t from 'tap';
import type { Page, Response } from 'playwright-core';
import { testInstance } from '../helpers/instances.js';
import { STAFF_PASSWORD, staffAccount } from '../helpers/web.js';
import { browserSkip, launchBrowser, newContext } from '../helpers/browser.js';
import { translator } from '../../src/http/web/i18n.js';

const da = translator('da').t;

async function press(page: Page, name: string): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name, exact: true }).first().click()]);
  return res;
}

t.test('in Chromium: an admin invites a person; the person opens the link in a fresh browser, sets a password and lands signed in', { skip: browserSkip }, async (t) => {
  const a = await testInstance(t, 'admin-browser', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } });
  const base = `http://${a.domain}`;
  await staffAccount(a.it.deps, 'sigrid', 'admin');
  const browser = await launchBrowser(t);

  // The admin, with JavaScript off: every step is a link or a form.
  const adminCtx = await newContext(browser, { locale: 'da', javaScriptEnabled: false });
  t.teardown(() => adminCtx.close());
  const pa = await adminCtx.newPage();
  await pa.goto(`${base}/auth/sign_in`);
  await pa.getByLabel(da('auth.signIn.login')).fill('sigrid');
  await pa.getByLabel(da('auth.signIn.password')).fill(STAFF_PASSWORD);
  await press(pa, da('auth.signIn.submit'));
  await Promise.all([pa.waitForNavigation(), pa.getByRole('link', { name: da('admin.nav'), exact: true }).click()]);
  t.equal(new URL(pa.url()).pathname, '/admin/people', 'Administration in the menu leads to the people');
  await Promise.all([pa.waitForNavigation(), pa.getByRole('link', { name: da('admin.people.invite'), exact: true }).click()]);
  await pa.getByLabel(da('admin.invite.username'), { exact: true }).fill('karen');
  // An optional field's label ends with "(optional)" in the page's language.
  await pa.getByLabel(new RegExp(`^${da('admin.invite.displayName')} \\(`)).fill('Karen Holm');
  await pa.getByLabel(da('admin.invite.staffRole'), { exact: true }).selectOption('publisher');
  const shown = await press(pa, da('admin.invite.submit'));
  t.equal(shown?.status(), 200);
  t.equal(await pa.getByRole('heading', { level: 1 }).textContent(), da('admin.link.title', { name: 'Karen Holm' }));
  const link = await pa.getByLabel(da('admin.link.label')).inputValue();
  t.match(link, /\/auth\/link\/[A-Za-z0-9_-]{40,}$/);

  // The person, in a browser of their own (no cookie shared with the admin), JavaScript on.
  const personCtx = await newContext(browser, { locale: 'da' });
  t.teardown(() => personCtx.close());
  const pp = await personCtx.newPage();
  const opened = await pp.goto(link, { waitUntil: 'load' });
  t.equal(opened?.status(), 200);
  t.equal(await pp.getByRole('heading', { level: 1 }).textContent(), da('admin.accountLink.inviteTitle', { site: 'Jobcenter Middelfart' }));
  await pp.getByLabel(da('admin.accountLink.password'), { exact: true }).fill('karens lange kodeord');
  await pp.getByLabel(da('admin.accountLink.confirm')).fill('noget andet');
  const refused = await press(pp, da('admin.accountLink.submit'));
  t.equal(refused?.status(), 400);
  t.match(await pp.title(), /^Fejl: /);
  await pp.getByLabel(da('admin.accountLink.password'), { exact: true }).fill('karens lange kodeord');
  await pp.getByLabel(da('admin.accountLink.confirm')).fill('karens lange kodeord');
  await press(pp, da('admin.accountLink.submit'));
  t.equal(new URL(pp.url()).pathname, '/home', 'on the start page');
  t.match(await pp.locator('.notice').textContent() ?? '', new RegExp(translator('da').t('notices.password_set')));
  t.equal(await pp.locator('.site-account .viewer a').textContent(), 'Karen Holm', 'signed in as Karen');
  t.equal(await pp.getByRole('link', { name: da('admin.nav'), exact: true }).count(), 0, 'a publisher without the admin role sees no Administration');

  // The admin's list now shows her as active.
  await pa.goto(`${base}/admin/people`);
  const row = pa.getByRole('row', { name: /Karen Holm/ });
  t.match(await row.textContent() ?? '', new RegExp(`${da('admin.staffRoles.publisher')}[\\s\\S]*${da('admin.status.active')}`));

  // The same link again, in yet another browser: it no longer works.
  const third = await newContext(browser, { locale: 'da' });
  t.teardown(() => third.close());
  const again = await (await third.newPage()).goto(link, { waitUntil: 'load' });
  t.equal(again?.status(), 410);
});
