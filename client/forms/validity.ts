import { html, nothing, type TemplateResult } from 'lit';
import type { FieldError } from '../data/api.js';
import { t } from '../i18n/index.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The first problem the browser's constraint validation found, in the user's language. */
function messageFor(el: Control): string {
  const v = el.validity;
  if (v.valueMissing) return t('field.required');
  if (v.tooShort && 'minLength' in el) return t('field.too_short', { min: el.minLength });
  if (v.tooLong && 'maxLength' in el) return t('field.too_long', { max: el.maxLength });
  // Inputs name their own pattern message (data-pattern-message), e.g. field.invalid_mobile.
  if (v.patternMismatch) return t(el.dataset.patternMessage ?? 'field.invalid');
  if (v.rangeUnderflow && 'min' in el) return t('field.too_small', { min: el.min });
  if (v.rangeOverflow && 'max' in el) return t('field.too_big', { max: el.max });
  return t('field.invalid');
}

/**
 * Runs the browser's own constraint validation (required, minlength, pattern, min…) and returns
 * translated messages by field name, so they render next to the fields like the server's.
 * Forms are `novalidate` because the browser's bubbles speak the browser's language, not ours.
 */
export function invalidFields(form: HTMLFormElement): FieldError[] {
  const problems: FieldError[] = [];
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement))
      continue;
    if (el.name && !el.validity.valid) problems.push({ path: el.name, message: messageFor(el) });
  }
  return problems;
}

/** Moves focus to the first field with a problem, where a screen reader announces its message. */
export function focusFirstInvalid(form: HTMLFormElement, problems: FieldError[]): void {
  const first = problems[0];
  if (!first) return;
  const el = form.elements.namedItem(first.path.split('.').pop()!);
  if (el instanceof HTMLElement) el.focus();
}

/** Looks a field's problem up; server paths may be nested (`settings.households`). */
export const problemFor = (problems: FieldError[], name: string): FieldError | undefined =>
  problems.find((p) => p.path === name || p.path.endsWith(`.${name}`));

/** The message under a field; its id is what the field's aria-describedby points at. */
export function fieldError(problems: FieldError[], name: string): TemplateResult | typeof nothing {
  const p = problemFor(problems, name);
  return p
    ? html`<p class="error" id="err-${name}" data-test="field-error" data-field=${name}>${p.message}</p>`
    : nothing;
}

/** aria-describedby for a field: any hint ids, plus its error message while it has one. */
export function describedBy(problems: FieldError[], name: string, ...hints: string[]): string | typeof nothing {
  const ids = problemFor(problems, name) ? [...hints, `err-${name}`] : hints;
  return ids.length ? ids.join(' ') : nothing;
}

/** aria-invalid for a field: set only while it has a problem. */
export const invalid = (problems: FieldError[], name: string): 'true' | typeof nothing =>
  problemFor(problems, name) ? 'true' : nothing;
