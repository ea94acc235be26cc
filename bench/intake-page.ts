import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { buildClient } from '../scripts/build-client.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { writeBaseline } from './intake-baseline.js';
import { median, round, startBenchServer } from './lib.js';

/**
 * The resident's intake page on an emulated weak rural connection: slow 3G (400 kb/s down,
 * 400 ms round trip) and a phone four times slower than this CPU, cold cache, median of RUNS.
 * Measures first contentful paint, the moment the form accepts input (the title field is in the
 * page, enabled and laid out), and the JavaScript transferred (compressed bodies): at load, and
 * after the resident starts typing (the form's schema arrives then). Baseline in the same run
 * and from the same server under the same throttling: the same form as static HTML with no
 * JavaScript (bench/intake-baseline.ts).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NETWORK = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const CPU_SLOWDOWN = 4;

/**
 * Injected before any page script (through DevTools, so the page's CSP does not apply to it): on
 * every frame, look through open shadow roots and note the first frame in which the title field
 * can take input, and the first in which the whole form works (categories loaded, submit
 * enabled). The same probe runs on both pages.
 */
const PROBE = `(() => {
  const find = (root, selector) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const inner = find(el.shadowRoot, selector); if (inner) return inner; }
    }
    return null;
  };
  const usable = (el) => el && !el.matches(':disabled') && el.getClientRects().length > 0;
  const tick = (now) => {
    if (document.documentElement) {
      if (window.__inputReady === undefined && usable(find(document, 'input[name="title"]'))) window.__inputReady = now;
      const category = find(document, 'select[name="category"]');
      if (usable(category) && category.options.length > 1 && usable(find(document, 'button[type="submit"]'))) {
        window.__formReady = now;
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface Sample {
  fcpMs: number;
  inputReadyMs: number;
  formReadyMs: number;
  jsKB: number;
  jsAfterTypingKB: number;
  requests: number;
}

const jsBytes = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((r) => /\.js(\?|$)/.test(r.name))
      .reduce((n, r) => n + (r as PerformanceResourceTiming).encodedBodySize, 0),
  );

async function measure(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const cdp: CDPSession = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.evaluateOnNewDocument(PROBE);
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { __formReady?: number }).__formReady !== undefined, {
    timeout: 60_000,
  });
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: (window as unknown as { __inputReady: number }).__inputReady,
    form: (window as unknown as { __formReady: number }).__formReady,
    requests: performance.getEntriesByType('resource').length + 1,
  }));
  const jsAtLoad = await jsBytes(page);
  // Typing is what the page is for: it fetches whatever it defers until then (the form's schema).
  await page.type('>>> input[name="title"]', '村口路灯坏了');
  await page.waitForNetworkIdle({ idleTime: 1500, timeout: 60_000 });
  const jsAfterTyping = await jsBytes(page);
  await context.close();
  return {
    fcpMs: round(timing.fcp, 0),
    inputReadyMs: round(timing.ready, 0),
    formReadyMs: round(timing.form, 0),
    jsKB: round(jsAtLoad / 1024, 1),
    jsAfterTypingKB: round(jsAfterTyping / 1024, 1),
    requests: timing.requests,
  };
}

const summarise = (samples: Sample[]) => ({
  fcpMs: median(samples.map((s) => s.fcpMs)),
  inputReadyMs: median(samples.map((s) => s.inputReadyMs)),
  formReadyMs: median(samples.map((s) => s.formReadyMs)),
  jsKB: median(samples.map((s) => s.jsKB)),
  jsAfterTypingKB: median(samples.map((s) => s.jsAfterTypingKB)),
  requests: median(samples.map((s) => s.requests)),
});

const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-client-'));
await buildClient({ outDir: clientDir });
const baselinePath = writeBaseline(clientDir);
const srv = await startBenchServer({ clientDir });
const browser = await launchBrowser();
const oursUrl = `${srv.url}/p/${srv.intakeCodes[0]}`;
const baselineUrl = `${srv.url}${baselinePath}`;
const ours: Sample[] = [];
const baseline: Sample[] = [];
try {
  // Interleaved, so a busy moment on the machine falls on both sides alike.
  for (let i = 0; i < RUNS; i++) {
    ours.push(await measure(browser, oursUrl));
    baseline.push(await measure(browser, baselineUrl));
    console.log(
      `run ${i + 1}: ours FCP ${ours[i]!.fcpMs} ms, input ${ours[i]!.inputReadyMs} ms, form ${ours[i]!.formReadyMs} ms,` +
        ` JS ${ours[i]!.jsKB} KB (${ours[i]!.jsAfterTypingKB} KB after typing) · baseline FCP ${baseline[i]!.fcpMs} ms,` +
        ` input ${baseline[i]!.inputReadyMs} ms, form ${baseline[i]!.formReadyMs} ms`,
    );
  }
} finally {
  await browser.close();
  await srv.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
}

const o = summarise(ours);
const b = summarise(baseline);
console.log(
  `intake page (median of ${RUNS}, slow 3G 400 kb/s, 400 ms RTT, CPU ×${CPU_SLOWDOWN}, cold cache):\n` +
    `  ours:     FCP ${o.fcpMs} ms, form accepts input ${o.inputReadyMs} ms, whole form working ${o.formReadyMs} ms, ` +
    `JS ${o.jsKB} KB gz at load, ${o.jsAfterTypingKB} KB once typing, ${o.requests} requests\n` +
    `  baseline: FCP ${b.fcpMs} ms, form accepts input ${b.inputReadyMs} ms, whole form ${b.formReadyMs} ms ` +
    `(static HTML and a stylesheet, no JavaScript), ${b.requests} requests`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'intake-page',
    ours: o,
    baseline: b,
    ratio: {
      fcp: round(o.fcpMs / b.fcpMs, 2),
      inputReady: round(o.inputReadyMs / b.inputReadyMs, 2),
      formReady: round(o.formReadyMs / b.formReadyMs, 2),
    },
    units: {
      fcpMs: 'ms',
      inputReadyMs: 'ms',
      formReadyMs: 'ms',
      jsKB: 'KB gzip',
      jsAfterTypingKB: 'KB gzip',
      requests: 'count',
    },
    targets: { fcpMs: 1000, inputReadyMs: 1500, jsAfterTypingKB: 35 },
  })}`,
);
