import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, with the flags this offline machine needs as root (STACK.md). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  // puppeteer leaves a userDataDir it was given; each is tens of megabytes. Chromium may still be
  // writing into it just after the disconnect, hence the retries.
  const removeDir = () => fs.promises.rm(userDataDir, { recursive: true, force: true, maxRetries: 10 }).catch(() => {});
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    await removeDir();
  };
  browser.once('disconnected', removeDir);
  return browser;
}

export interface TestPage {
  page: Page;
  /** Console errors and uncaught exceptions seen on the page, for tests to assert none. */
  errors: string[];
  /** Closes the page with its own browser context (cookies, storage). */
  close(): Promise<void>;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Shorthand for viewport, kept for callers that pass the size directly. */
  width?: number;
  height?: number;
  /** e.g. 'zh-CN': sent as Accept-Language and seen by navigator.language and Intl. */
  locale?: string;
}

/** A page in a fresh browser context, so logins in one test do not leak into the next. */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<TestPage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // tsx compiles test files with esbuild's keepNames, so functions handed to page.evaluate may
  // call a `__name` helper that only exists in Node: give the page a no-op one.
  await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn;');
  await page.setViewport({
    width: options.viewport?.width ?? options.width ?? 1280,
    height: options.viewport?.height ?? options.height ?? 800,
  });
  if (options.locale) {
    await page.setExtraHTTPHeaders({ 'Accept-Language': options.locale });
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setLocaleOverride', { locale: options.locale });
    // The override reaches Intl but not navigator.language, which the client reads.
    const locale = JSON.stringify(options.locale);
    await page.evaluateOnNewDocument(
      `Object.defineProperty(navigator, 'language', { get: () => ${locale} });` +
        `Object.defineProperty(navigator, 'languages', { get: () => [${locale}] });`,
    );
  }
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(10_000);
  return { page, errors, close: () => context.close() };
}

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core over the page (it walks open shadow roots) and returns the serious and critical
 * violations, throwing a readable error when there are any unless `throws` is false. The axe source
 * is evaluated through the DevTools protocol, which the app's CSP (script-src 'self') does not
 * block; a script tag would be.
 */
export async function checkA11y(
  page: Page,
  label: string,
  options: { throws?: boolean } = {},
): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type Result = {
      id: string;
      impact: string;
      help: string;
      helpUrl: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    };
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        // A target inside shadow roots is a list of selectors, one per tree.
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(', '),
          // The first reason axe gives; the rest lists every other way the rule could be met.
          summary: (n.failureSummary ?? '').split('\n')[1]?.trim() ?? '',
        })),
      }));
  });
  if (violations.length && options.throws !== false) {
    const lines = violations.map(
      (v) =>
        `  ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target}  ${n.summary}`).join('\n')}`,
    );
    throw new Error(
      `axe found ${violations.length} serious or critical violation(s) on ${label}:\n${lines.join('\n')}`,
    );
  }
  return violations;
}

/**
 * Where a screenshot for the README goes: docs/<name> only when asked (YISHI_DOCS_SCREENSHOTS=1),
 * else test/artifacts/ (ignored), so a test run never rewrites a tracked file.
 */
export const docsScreenshot = (name: string): string =>
  process.env.YISHI_DOCS_SCREENSHOTS === '1' ? `docs/${name}` : `test/artifacts/docs-${name}`;

export async function screenshot(page: Page, file: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file as `${string}.png`, fullPage: options.fullPage ?? false });
}

/** Types into an element found by a shadow-piercing selector, replacing what it held. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  const el = await page.waitForSelector(selector);
  await el!.click({ count: 3 });
  await el!.type(value);
}

/** Text of the first match of a shadow-piercing selector. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const el = await page.waitForSelector(selector);
  return (await el!.evaluate((n) => n.textContent ?? '')).trim();
}

/**
 * Answers yes in the confirmation dialog that is open. Pages hold several confirm dialogs (one
 * per panel), so the button is looked up inside the open one, never the first in the document.
 */
export async function confirmYes(page: Page): Promise<void> {
  const yes = '>>> [data-test="confirm-dialog"][open] [data-test="confirm-yes"]';
  await page.waitForSelector(yes, { visible: true });
  await page.click(yes);
}

/**
 * Waits for an element matching `selector` inside any shadow root, polling on a timer.
 * Puppeteer's `>>>` waits are woken by mutations of the document, and a Lit element rendering
 * into its shadow root after the first check mutates no document node: on a loaded machine the
 * wait can then miss an element that is already on screen.
 */
export async function waitForDeep(page: Page, selector: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (sel: string) => {
      const find = (root: Document | ShadowRoot): boolean =>
        root.querySelector(sel) !== null ||
        Array.from(root.querySelectorAll('*')).some((el) => el.shadowRoot !== null && find(el.shadowRoot));
      return find(document);
    },
    { polling: 100, timeout },
    selector,
  );
}
