import t from 'tap';
import type { Locator, Page, Response } from 'playwright-core';
import { testInstance, type TestInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { STAFF_PASSWORD, staffAccount } from '../helpers/web.js';
import { axeCheck, browserSkip, focusState, launchBrowser, newContext, noHorizontalScroll } from '../helpers/browser.js';
import { agencyFollows } from '../solutions/federate.js';
import { translator } from '../../src/http/web/i18n.js';

/**
 * What a member of staff does, in Chromium, on two real instances: publish on A, see it arrive
 * on B, report an adoption and ask a question from B, see both back on A. Driven by the labels
 * and button names a person reads (taken from the catalogues, so a reworded label still finds its
 * field), with JavaScript off: every step is a plain form. A second flow uses the keyboard alone.
 */

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field by its visible label; optional fields carry "(optional)" after it. */
function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${esc(label)}(\\s*\\(.*\\))?$`)).first();
}

/** Presses a button by its name and waits for the page the form answers with. */
async function press(page: Page, name: string, scope: Page | Locator = page): Promise<Response | null> {
  const button = scope.getByRole('button', { name, exact: true }).first();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return res;
}

async function follow(page: Page, name: string | RegExp, scope: Page | Locator = page): Promise<Response | null> {
  const link = scope.getByRole('link', { name, exact: typeof name === 'string' }).first();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  return res;
}

const heading = (page: Page) => page.locator('main h1').first().innerText();
const mainText = (page: Page) => page.locator('main').innerText();

/** Routes the flows need; while one is missing the flow is a todo that names it. */
function missing(i: TestInstance, routes: string[]): string[] {
  return routes.filter((r) => {
    const [method, url] = r.split(' ') as ['GET' | 'POST', string];
    return !i.it.app.hasRoute({ method, url });
  });
}

const FLOW_ROUTES = ['GET /solutions/new', 'POST /solutions/new', 'GET /solutions/:id/adopt', 'POST /solutions/:id/adopt', 'GET /home', 'GET /impact'];

// Two instances, federation and two flows: well within the project's 120 s on an idle machine,
// but the machine is shared, and a busy one must not turn a passing flow into a timeout.
t.setTimeout(300_000);

t.test('web flows in Chromium', { skip: browserSkip }, async (t) => {
  const [a, b, browser] = await Promise.all([
    testInstance(t, 'flow-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter Middelfart', languages: ['da'] } }),
    testInstance(t, 'flow-b', { instance: { agencyUsername: 'agency', agencyDisplayName: 'NAV Asker', languages: ['nb'] } }),
    launchBrowser(t),
  ]);
  await Promise.all([staffAccount(a.it.deps, 'anna'), staffAccount(b.it.deps, 'bo'), staffAccount(b.it.deps, 'kai')]);
  // B's agency follows A's: A's solutions reach B, and B's adoptions and questions go back to A.
  await agencyFollows(b, a);
  const baseA = `http://${a.domain}`;
  const baseB = `http://${b.domain}`;
  const absent = missing(a, FLOW_ROUTES);
  /** The solution the main flow published, for the pages checked with axe afterwards. */
  const made: { pathOnA?: string; pathOnB?: string } = {};

  await t.test('publish on A, see it on B, adopt and ask from B, see both on A (JavaScript off)', { todo: absent.length ? `route ${absent.join(', ')} is not in this build yet` : false }, async (t) => {
    if (absent.length) return t.fail(`no route ${absent.join(', ')}`);
    const da = translator('da').t;
    const en = translator('en').t;

    // --- A, in Danish: sign in (once wrongly), publish with two results and a translation.
    const ctxA = await newContext(browser, { locale: 'da', javaScriptEnabled: false });
    t.teardown(() => ctxA.close());
    const pa = await ctxA.newPage();
    await pa.goto(`${baseA}/auth/sign_in`);
    await field(pa, da('auth.signIn.login')).fill('anna');
    await field(pa, da('auth.signIn.password')).fill('forkert kodeord');
    const refused = await press(pa, da('auth.signIn.submit'));
    t.equal(refused?.status(), 401);
    t.match(await pa.title(), /^Fejl: /, 'after a failed POST the title starts with the error word');
    t.equal(await field(pa, da('auth.signIn.login')).inputValue(), 'anna', 'the login typed is kept');
    const summaryLink = pa.locator('.ds-error-summary a').first();
    t.equal(await summaryLink.getAttribute('href'), '#f-login');
    await summaryLink.click();
    t.equal(await pa.locator(':focus').getAttribute('id'), 'f-login', 'the error summary link moves focus to the field');
    await field(pa, da('auth.signIn.password')).fill(STAFF_PASSWORD);
    await press(pa, da('auth.signIn.submit'));
    t.equal(new URL(pa.url()).pathname, '/home', 'signed in, on the start page');

    await follow(pa, da('layout.nav.publish'));
    t.equal(new URL(pa.url()).pathname, '/solutions/new');
    const about = pa.getByRole('group', { name: da('solutionForm.sections.about') });
    const title = 'Fælles tjekliste ved udskrivning';
    await field(about, da('solutionForm.fields.title')).fill(title);
    await field(about, da('solutionForm.fields.summary')).fill('Færre genindlæggelser, efter at hospital og hjemmepleje udfylder en tjekliste sammen.');
    await field(about, da('solutionForm.fields.language')).selectOption('da');
    await field(about, da('solutionForm.fields.problem')).fill('Borgere blev genindlagt, fordi hjemmeplejen ikke vidste, hvad hospitalet havde aftalt.');
    const resultRow = (n: number) => pa.getByRole('group', { name: da('solutionForm.results.item', { n }), exact: true });
    if (!(await resultRow(1).count())) await press(pa, da('solutionForm.add.results'));
    await field(resultRow(1), da('solutionForm.results.metric')).fill('Genindlæggelser inden for 30 dage');
    await field(resultRow(1), da('solutionForm.results.baseline')).fill('14');
    await field(resultRow(1), da('solutionForm.results.value')).fill('9');
    await field(resultRow(1), da('solutionForm.results.unit')).fill('%');
    await press(pa, da('solutionForm.add.results'));
    t.equal(await field(resultRow(1), da('solutionForm.results.metric')).inputValue(), 'Genindlæggelser inden for 30 dage', 'adding a row keeps what was typed');
    await field(resultRow(2), da('solutionForm.results.metric')).fill('Opkald fra hjemmeplejen til afdelingen');
    await field(resultRow(2), da('solutionForm.results.value')).fill('40');
    await press(pa, da('solutionForm.add.translations'));
    const translation = pa.getByRole('group', { name: da('solutionForm.translations.item', { n: 1 }), exact: true });
    await field(translation, da('solutionForm.translations.language')).selectOption('en');
    await field(translation, da('solutionForm.fields.title')).fill('Shared discharge checklist');
    await field(translation, da('solutionForm.fields.summary')).fill('Fewer readmissions after hospital and home care fill in a checklist together.');
    // "What you do" is still empty: the form comes back with the error, and nothing typed is lost.
    const incomplete = await press(pa, da('solutionForm.preview.button'));
    t.equal(incomplete?.status(), 400);
    t.match(await pa.title(), /^Fejl: /, 'the failed preview says so in the title');
    const toApproach = pa.locator('.ds-error-summary a[href="#f-approach"]');
    t.equal(await toApproach.count(), 1, 'the error summary links to the empty field');
    await toApproach.click();
    t.equal(await pa.locator(':focus').getAttribute('id'), 'f-approach', 'and the link puts focus in it');
    t.equal(await field(about, da('solutionForm.fields.title')).inputValue(), title, 'the title is kept');
    t.equal(await field(resultRow(2), da('solutionForm.results.value')).inputValue(), '40', 'the second result is kept');
    t.equal(await field(translation, da('solutionForm.fields.title')).inputValue(), 'Shared discharge checklist', 'the translation is kept');
    await field(about, da('solutionForm.fields.approach')).fill('Sygeplejersken og hjemmeplejen udfylder tjeklisten sammen dagen før udskrivning.');
    await press(pa, da('solutionForm.preview.button'));
    t.match(await pa.title(), new RegExp(`^${esc(da('solutionForm.preview.titlePrefix'))}`), 'the preview says it is one');
    t.match(await mainText(pa), /Genindlæggelser inden for 30 dage[\s\S]*Opkald fra hjemmeplejen/, 'both results are in the preview');
    const published = await press(pa, da('solutionForm.preview.publish'));
    t.equal(published?.status(), 200);
    const solutionPath = new URL(pa.url()).pathname;
    made.pathOnA = solutionPath;
    t.match(solutionPath, /^\/solutions\/\d+$/, 'publishing lands on the solution page');
    t.equal(await heading(pa), title);
    t.equal(await pa.locator('main table').first().locator('tbody tr').count(), 2, 'the results table has both results');
    t.ok(await pa.getByRole('link', { name: 'English' }).count(), 'the translation is offered');
    const id = solutionPath.split('/').pop()!;
    const record = (await a.it.deps.store.solutions.getById(id))!;
    t.same(Object.keys(record.fields.translations ?? {}), ['en'], 'the translation was stored');

    await follow(pa, da('layout.nav.solutions'));
    t.ok(await pa.getByRole('link', { name: title }).count(), 'the catalogue on A lists it');

    // --- B, in English: it arrives; sign in, adopt it with a result, ask a question.
    const copy = await eventually('B received the solution', () => b.it.deps.store.solutions.getByUri(record.uri), 15_000);
    made.pathOnB = `/solutions/${copy.id}`;
    const ctxB = await newContext(browser, { locale: 'en', javaScriptEnabled: false });
    t.teardown(() => ctxB.close());
    const pb = await ctxB.newPage();
    await pb.goto(`${baseB}/solutions`);
    // An English reader on B meets the English translation, in the catalogue and on the page.
    await follow(pb, 'Shared discharge checklist');
    t.equal(await heading(pb), 'Shared discharge checklist', 'B shows the solution from A, in the reader\'s language');
    await follow(pb, en('solution.adoptions.report'));
    t.equal(new URL(pb.url()).pathname, '/auth/sign_in', 'reporting needs a signed-in member of staff');
    const empty = await press(pb, en('auth.signIn.submit'));
    t.equal(empty?.status(), 400);
    t.match(await pb.title(), /^Error: /, 'the English error word too');
    await field(pb, en('auth.signIn.login')).fill('bo');
    await field(pb, en('auth.signIn.password')).fill(STAFF_PASSWORD);
    await press(pb, en('auth.signIn.submit'));
    t.match(new URL(pb.url()).pathname, /^\/solutions\/\d+\/adopt$/, 'back at the adoption form after signing in');

    await pb.getByRole('radio', { name: en('values.adoptionStatus.piloting') }).check();
    const note = 'We send the checklist from the ward; home care signs it the same day.';
    await field(pb, en('adopt.note.label')).fill(note);
    const adoptRow = (n: number) => pb.getByRole('group', { name: en('adopt.result.legend', { n }), exact: true });
    if (!(await adoptRow(1).count())) await press(pb, en('adopt.results.add'));
    await field(adoptRow(1), en('adopt.result.metric')).fill('Readmissions within 30 days');
    await field(adoptRow(1), en('adopt.result.baseline')).fill('12');
    await field(adoptRow(1), en('adopt.result.value')).fill('10');
    await field(adoptRow(1), en('adopt.result.unit')).fill('%');
    await press(pb, en('adopt.submit'));
    t.match(new URL(pb.url()).pathname, /^\/solutions\/\d+$/, 'the report lands on the solution page');
    t.match(await mainText(pb), new RegExp(esc(note)), 'B shows its own report');

    const question = 'Who fills in the checklist when the patient is discharged at the weekend?';
    await field(pb, en('solution.question.label')).fill(question);
    await press(pb, en('solution.question.submit'));
    t.match(await mainText(pb), new RegExp(esc(question)), 'the question is on B\'s page');

    // --- back on A: the adoption and the question arrived, on the page, on /home and on /impact.
    await eventually('A received the adoption', async () => (await a.it.deps.store.solutions.listAdoptions(record.uri)).length > 0, 15_000);
    await eventually('A received the question', async () => (await a.it.deps.store.solutions.listReplies(record.uri, 10)).length > 0, 15_000);
    await pa.goto(`${baseA}${solutionPath}`);
    const onA = await mainText(pa);
    t.match(onA, /NAV Asker/, 'A shows who adopted it');
    t.match(onA, new RegExp(esc(note)), 'and what they said');
    t.match(onA, /Readmissions within 30 days/, 'and their result');
    t.match(onA, new RegExp(esc(question)), 'A shows the question');
    await follow(pa, da('layout.nav.home'));
    const home = await mainText(pa);
    t.match(home, /NAV Asker/, '/home tells of the adoption');
    t.match(home, new RegExp(esc(question.slice(0, 40))), '/home shows the question');
    await follow(pa, da('layout.nav.impact'));
    const impact = await mainText(pa);
    t.match(impact, new RegExp(esc(title)), '/impact lists our solution');
    t.match(impact, /NAV Asker/, '/impact names the adopter');
    t.match(impact, new RegExp(esc(da('values.adoptionStatus.piloting')), 'i'), '/impact says how far they came');
  });

  await t.test('with the keyboard alone: sign in, publish a minimal solution (focus always visible, Enter does the primary action)', { todo: absent.length ? `route ${absent.join(', ')} is not in this build yet` : false }, async (t) => {
    if (absent.length) return t.fail(`no route ${absent.join(', ')}`);
    const en = translator('en').t;
    const ctx = await newContext(browser, { locale: 'en' });
    t.teardown(() => ctx.close());
    const page = await ctx.newPage();
    const unseen: string[] = [];
    /** Tab (or Shift+Tab) until `wanted` holds, at most `max` presses; every stop must show focus. */
    const tabTo = async (what: string, wanted: (f: Awaited<ReturnType<typeof focusState>>) => boolean, max = 80, key = 'Tab') => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press(key);
        const f = await focusState(page);
        if (f.tag !== 'body' && !f.visible) unseen.push(`${f.tag}${f.id ? `#${f.id}` : ''}${f.name ? `[name=${f.name}]` : ''} "${f.text}"`);
        if (wanted(f)) return f;
      }
      throw new Error(`${what} not reached with ${max} × ${key}`);
    };
    const enter = async (key = 'Enter') => {
      const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
      return res;
    };

    await page.goto(`${baseB}/auth/sign_in`);
    await tabTo('the skip link', (f) => f.tag === 'a', 3);
    await tabTo('the login field', (f) => f.id === 'f-login');
    await page.keyboard.type('kai');
    // Enter in the text field submits the form: the password is missing.
    const failed = await enter();
    t.equal(failed?.status(), 400);
    t.match(await page.title(), /^Error: /, 'the title starts with the error word');
    const link = await tabTo('the error summary link', (f) => f.tag === 'a' && f.text === en('auth.signIn.errors.passwordMissing'));
    t.ok(link, 'the summary link is reachable by Tab');
    await page.keyboard.press('Enter');
    t.equal((await focusState(page)).id, 'f-password', 'Enter on the summary link puts focus in the field');
    await page.keyboard.type(STAFF_PASSWORD);
    await enter();
    t.equal(new URL(page.url()).pathname, '/home', 'signed in with Enter');

    await tabTo('the publish link', (f) => f.tag === 'a' && f.text === en('layout.nav.publish'));
    await enter();
    t.equal(new URL(page.url()).pathname, '/solutions/new');
    const typeInto = async (name: string, text: string) => {
      await tabTo(`the ${name} field`, (f) => f.name === name);
      await page.keyboard.type(text);
    };
    await typeInto('title', 'Telefontid for pårørende');
    await typeInto('summary', 'Pårørende ringer på faste tider, og sykepleierne får arbeidsro.');
    await typeInto('problem', 'Telefonen ringte hele dagen.');
    await typeInto('approach', 'Fast telefontid klokken 13 til 14.');
    const hasRow = await page.locator('[name="results.0.metric"]').count();
    if (!hasRow) {
      await tabTo('the add-result button', (f) => f.name === 'add');
      await enter('Space');
    }
    await typeInto('results.0.metric', 'Telefonsamtaler per vakt');
    await typeInto('results.0.value', '12');
    // Enter in a text field of a row: the primary action (preview), never "remove this result".
    await enter();
    t.match(await page.title(), new RegExp(`^${esc(en('solutionForm.preview.titlePrefix'))}`), 'Enter in a result field previews');
    t.match(await mainText(page), /Telefonsamtaler per vakt/, 'the result row is still there');
    await tabTo('the publish button', (f) => f.tag === 'button' && f.text === en('solutionForm.preview.publish'), 120);
    const done = await enter('Space');
    t.equal(done?.status(), 200);
    t.match(new URL(page.url()).pathname, /^\/solutions\/\d+$/, 'published with Space on the button');
    t.equal(await heading(page), 'Telefontid for pårørende');
    t.same(unseen, [], 'every element that got focus showed it (outline or box-shadow)');
  });
  // The flows leave pages no fixture has: a solution with an adopter's results and a question,
  // a start page and an impact report with something in them. axe and reflow on those too.
  await t.test('the pages the flows filled pass axe and reflow at 320 px', { skip: made.pathOnA ? false : 'the main flow did not publish a solution' }, async (t) => {
    const ctx = await newContext(browser, { locale: 'da', width: 320 });
    t.teardown(() => ctx.close());
    const page = await ctx.newPage();
    const da = translator('da').t;
    await page.goto(`${baseA}/auth/sign_in?next=${encodeURIComponent(made.pathOnA!)}`);
    await field(page, da('auth.signIn.login')).fill('anna');
    await field(page, da('auth.signIn.password')).fill(STAFF_PASSWORD);
    await press(page, da('auth.signIn.submit'));
    for (const [label, url] of [['solution with an adoption and a question, on A', `${baseA}${made.pathOnA}`], ['start page with news', `${baseA}/home`], ['impact with an adoption', `${baseA}/impact`], ['the copy on B, signed out', `${baseB}${made.pathOnB}`]] as const) {
      const res = await page.goto(url, { waitUntil: 'load' });
      t.equal(res?.status(), 200, label);
      await axeCheck(t, page, label);
      await noHorizontalScroll(t, page, label);
    }
  });
});
