import fs from 'node:fs';
import path from 'node:path';
import { resident } from '../client/styles/resident.js';
import { RESIDENT_CRITICAL_CSS } from '../client/styles/resident-critical.js';
import { shared } from '../client/styles/shared.js';
import {
  DEFAULT_CATEGORIES,
  DETAILS_MAX,
  LOCATION_MAX,
  MOBILE_PATTERN,
  NAME_MAX,
  TITLE_MAX,
  TITLE_MIN,
} from '../shared/rules/intake.js';
import { MESSAGES } from '../shared/i18n/index.js';

/**
 * The baseline for bench/intake-page.ts: the same form as a plain static HTML page with no
 * JavaScript at all — same fields, same Chinese text, same look (the resident stylesheet plus
 * the same element styles) as a plain page links them: one stylesheet. It is the simplest page
 * that could serve residents, ready as soon as its HTML and stylesheet have arrived.
 * Written into the built client's assets, so the same server serves both pages.
 */
export function writeBaseline(clientDir: string): string {
  const baseCss = RESIDENT_CRITICAL_CSS;
  // The element styles address `:host`; on a plain page the body plays that part.
  const elementCss = [shared.cssText, resident.cssText].join('\n').replace(/:host/g, 'body');
  fs.writeFileSync(path.join(clientDir, 'assets', 'bench-baseline.css'), `${baseCss}\n${elementCss}`);
  const m = (key: string, params: Record<string, string | number> = {}) =>
    (MESSAGES['zh-CN'][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  const optional = `<span class="optional">${m('resident.form.optional')}</span>`;
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m('resident.title.intake')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/bench-baseline.css">
</head>
<body>
<header class="boot-bar">${m('resident.brand')}</header>
<main class="boot">
<h1>${m('resident.intake.heading', { organisation: '桃园村（演示）' })}</h1>
<p>${m('resident.intake.intro')}</p>
<form method="post" action="/api/intake/BASELINE/topics" enctype="multipart/form-data">
<label for="title">${m('resident.form.title')}</label>
<p class="hint">${m('resident.form.title_hint', { min: TITLE_MIN, max: TITLE_MAX })}</p>
<input id="title" name="title" required minlength="${TITLE_MIN}" maxlength="${TITLE_MAX}" autocomplete="off">
<label for="category">${m('resident.form.category')}</label>
<select id="category" name="category" required><option value="">${m('resident.form.choose')}</option>
${DEFAULT_CATEGORIES.map((c) => `<option>${c}</option>`).join('')}</select>
<label for="details">${m('resident.form.details')} ${optional}</label>
<p class="hint">${m('resident.form.details_hint', { max: DETAILS_MAX })}</p>
<textarea id="details" name="details" maxlength="${DETAILS_MAX}"></textarea>
<label for="location">${m('resident.form.location')} ${optional}</label>
<input id="location" name="location" maxlength="${LOCATION_MAX}">
<label for="gridId">${m('resident.form.grid')} ${optional}</label>
<select id="gridId" name="gridId"><option value="">${m('resident.form.grid_unknown')}</option><option>第一网格</option><option>第二网格</option></select>
<label for="photos">${m('resident.form.photos')} ${optional}</label>
<input id="photos" name="photos" type="file" accept="image/*" multiple>
<label><input type="checkbox" name="anonymous"> ${m('resident.form.anonymous')}</label>
<label for="name">${m('resident.form.name')} ${optional}</label>
<input id="name" name="name" maxlength="${NAME_MAX}" autocomplete="name">
<label for="phone">${m('resident.form.phone')} ${optional}</label>
<p class="hint">${m('resident.form.phone_hint')}</p>
<input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="11" pattern="${MOBILE_PATTERN}">
<p class="privacy">${m('resident.privacy')}</p>
<button type="submit" class="primary">${m('resident.form.submit')}</button>
</form>
</main>
</body>
</html>
`;
  fs.writeFileSync(path.join(clientDir, 'assets', 'bench-baseline.html'), html);
  return '/assets/bench-baseline.html';
}
