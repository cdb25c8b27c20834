import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Test } from 'tap';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** Debian's Chromium: the tests drive the browser people use, not a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

/** For `t.test(name, { skip: browserSkip }, ...)`: says why, never skips silently. */
export const browserSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`;

type Tap = Pick<Test, 'teardown' | 'fail' | 'pass'>;

/** axe-core's minified build: the same code as `axe.source`, about half the time to load into each page. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One browser per test file: launching costs more than most pages. */
export async function launchBrowser(t: Tap): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());
  return browser;
}

export interface ContextOptions {
  /** The browser's language, sent as Accept-Language: what picks the page language for a new visitor. */
  locale: string;
  javaScriptEnabled?: boolean;
  width?: number;
  /**
   * Only for running axe on pages whose CSP would stop it. Pages are tested with the CSP on;
   * a separate assertion checks the header is there.
   */
  bypassCSP?: boolean;
}

/** Contexts with JavaScript off: page.evaluate never returns there, so checks that need it refuse early. */
const withoutScript = new WeakSet<BrowserContext>();

export async function newContext(browser: Browser, o: ContextOptions): Promise<BrowserContext> {
  const options: BrowserContextOptions = {
    locale: o.locale,
    javaScriptEnabled: o.javaScriptEnabled ?? true,
    viewport: { width: o.width ?? 1024, height: 768 },
    bypassCSP: o.bypassCSP ?? false,
  };
  const context = await browser.newContext(options);
  if (options.javaScriptEnabled === false) withoutScript.add(context);
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core in the page (WCAG 2.1 A and AA rules) and returns the serious and critical
 * violations. Injected with page.evaluate: a <script> with inline content is what our CSP forbids,
 * and evaluation through the DevTools protocol is not page script.
 */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  if (withoutScript.has(page.context())) throw new Error('axe needs a context with JavaScript on (page.evaluate waits forever without it)');
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const options = JSON.stringify({ runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });
  const violations = (await page.evaluate(`window.axe.run(document, ${options}).then((r) => r.violations.map((v) => ({
    id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + ' — ' + ((n.failureSummary || '').split('\\n')[1] || '').trim()),
  })))`)) as AxeProblem[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every violation written out, one line each: rule, impact, what to do, and where (at most eight places per rule). */
export function axeLines(problems: AxeProblem[]): string[] {
  return problems.flatMap((p) => [
    `${p.id} (${p.impact}): ${p.help}`,
    ...p.targets.slice(0, 8).map((x) => `    at ${x}`),
    ...(p.targets.length > 8 ? [`    ... and ${p.targets.length - 8} more`] : []),
  ]);
}

export const describeAxe = (problems: AxeProblem[]) => axeLines(problems).join('\n');

/** Fails `t` once per page, the violations listed in the failure's diagnostics. */
export async function axeCheck(t: Tap, page: Page, label: string): Promise<AxeProblem[]> {
  const problems = await axeProblems(page);
  if (problems.length) t.fail(`axe: ${label}: ${problems.map((p) => p.id).join(', ')}`, { url: page.url(), violations: axeLines(problems) });
  else t.pass(`axe: ${label}`);
  return problems;
}

/**
 * WCAG 1.4.10 (reflow): at 320 CSS px nothing makes the page scroll sideways. Returns the
 * outermost offenders so a failure says which element overflows. A page already that wide is
 * measured as it is (cheapest: a context opened at 320 px); otherwise the viewport is resized and restored.
 */
export async function horizontalOverflow(page: Page, width = 320): Promise<string[]> {
  if (withoutScript.has(page.context())) throw new Error('the reflow check needs a context with JavaScript on');
  const before = page.viewportSize();
  const resize = before?.width !== width;
  if (resize) await page.setViewportSize({ width, height: 640 });
  try {
    return (await page.evaluate(`(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      const limit = root.clientWidth;
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && r.width > 0) {
          const parentOver = el.parentElement && el.parentElement.getBoundingClientRect().right > limit + 1 && el.parentElement !== document.body;
          // Absolutely placed boxes (.ds-sr-only text) escape a scroll box that is not positioned: name them too.
          const escaped = /absolute|fixed/.test(getComputedStyle(el).position);
          if (!parentOver || escaped) out.push((escaped ? getComputedStyle(el).position + ' ' : '') + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
            + ' ends at ' + Math.round(r.right) + 'px: "' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50) + '"');
        }
      }
      return ['page is ' + root.scrollWidth + 'px wide in a ' + limit + 'px window', ...out.slice(0, 6)];
    })()`)) as string[];
  } finally {
    if (resize && before) await page.setViewportSize(before);
  }
}

export async function noHorizontalScroll(t: Tap, page: Page, label: string): Promise<void> {
  const over = await horizontalOverflow(page);
  if (over.length) t.fail(`horizontal scroll at 320 px: ${label}`, { url: page.url(), overflow: over });
  else t.pass(`no horizontal scroll at 320 px: ${label}`);
}

/** The focused element, and whether it shows focus: an outline or a box-shadow that is not none (or a skip link that appears). */
export async function focusState(page: Page): Promise<{ tag: string; text: string; id: string; name: string; type: string; visible: boolean; outline: string; shadow: string }> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', text: '', id: '', name: '', type: '', visible: false, outline: '', shadow: '' };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor : 'none';
    const shadow = s.boxShadow || 'none';
    // A skip link is hidden until focused: appearing, on its own background, is its focus indicator.
    const r = el.getBoundingClientRect();
    const appears = el.matches('.ds-skip-link') && r.width > 1 && r.height > 1 && s.backgroundColor !== 'rgba(0, 0, 0, 0)';
    return {
      tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim().slice(0, 60), id: el.id || '', name: el.getAttribute('name') || '', type: el.getAttribute('type') || '',
      visible: outline !== 'none' || shadow !== 'none' || appears, outline, shadow,
    };
  })()`)) as { tag: string; text: string; id: string; name: string; type: string; visible: boolean; outline: string; shadow: string };
}
