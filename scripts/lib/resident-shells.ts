import { MESSAGES } from '../../shared/i18n/index.js';
import { TITLE_MAX, TITLE_MIN } from '../../shared/rules/intake.js';

/**
 * What the residents' HTML shells paint before their script arrives (in Chinese, the default).
 * The intake shell already holds the form's title field: on a weak signal a resident can start
 * typing within one round trip, and the page hands what they typed — and the focus — to the
 * real form when it renders (client/resident/early-input.ts).
 */
const m = (key: string, params: Record<string, string | number> = {}) =>
  (MESSAGES['zh-CN'][key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

const bar = () => `<p class="boot-bar">${m('resident.brand')}</p>`;

export const residentPlaceholder = (): string => `${bar()}<p class="boot">${m('resident.loading')}</p>`;

export const intakePlaceholder = (): string =>
  `${bar()}<div class="boot"><h1>${m('resident.title.intake')}</h1><p>${m('resident.intake.intro')}</p>` +
  `<label for="early-title">${m('resident.form.title')}</label>` +
  `<p class="hint" id="early-title-hint">${m('resident.form.title_hint', { min: TITLE_MIN, max: TITLE_MAX })}</p>` +
  `<input id="early-title" name="title" data-early maxlength="${TITLE_MAX}" autocomplete="off" aria-describedby="early-title-hint">` +
  `<p class="hint">${m('resident.loading')}</p></div>`;
