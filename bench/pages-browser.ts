import type { Browser, BrowserContext, CookieData } from 'puppeteer-core';

/** A page the bench opens, and what "its content" is: an element rendered only after its data arrived. */
export interface PageSpec {
  name: string;
  path: string;
  /** Pierces shadow roots (`a >>> b`). */
  selector: string;
  /** null: a public page, opened without logging in. */
  login: { username: string; password: string } | null;
}

/** A browser context signed in as `login` (the session cookies a login sets), or a public one. */
export async function contextFor(browser: Browser, base: string, login: PageSpec['login']): Promise<BrowserContext> {
  const context = await browser.createBrowserContext();
  if (!login) return context;
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  if (res.status !== 200) throw new Error(`login ${login.username} failed: ${res.status} ${await res.text()}`);
  const cookies: CookieData[] = res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const [name, ...value] = pair!.split('=');
    return { name: name!.trim(), value: value.join('='), domain: new URL(base).hostname, path: '/' };
  });
  await context.setCookie(...cookies);
  return context;
}

/**
 * Time to content of one load, in milliseconds: from asking for the address to the moment the
 * page's main element is in the document — the shell, its scripts, the session, the page's
 * data and the render, as a staff member waits for them. Each load is a new tab in a context
 * that loaded the page before (its assets cached, as for someone who uses Yishi daily).
 */
export async function loadOnce(
  context: BrowserContext,
  base: string,
  spec: PageSpec,
): Promise<{ ms: number; api: { path: string; ms: number } }> {
  const page = await context.newPage();
  try {
    await page.setViewport({ width: 1366, height: 768 });
    const started = performance.now();
    await page.goto(base + spec.path, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector(spec.selector, { timeout: 60_000 });
    const ms = performance.now() - started;
    // The slowest API request the page made before its content showed: where the server's share went.
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((r) => new URL(r.name).pathname.startsWith('/api/'))
        .map((r) => ({ path: new URL(r.name).pathname, ms: r.duration }))
        .reduce((a, b) => (b.ms > a.ms ? b : a), { path: '', ms: 0 }),
    );
    return { ms, api };
  } catch (err) {
    throw new Error(`${spec.name} at ${base + spec.path} (now ${page.url()}): ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await page.close();
  }
}
