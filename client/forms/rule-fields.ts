import { html } from 'lit';
import { BODIES, type Base, type RuleSet } from '../../shared/rules/quorum.js';
import type { FieldError } from '../data/api.js';
import { t } from '../i18n/index.js';
import { describedBy, fieldError, invalid } from './validity.js';

/** How a motion's rule is chosen: the meeting's body, another preset, or a custom rule. */
export type RulesChoice = { body: string } | { custom: RuleSet } | undefined;

const QUORUM_MODES = ['none', 'present_of_members', 'cast_of_members', 'cast_of_present'] as const;
const PASS_BASES: Base[] = ['present', 'members', 'cast'];

const fraction = (prefix: string, problems: FieldError[], numerator: number, denominator: number) =>
  html`<span class="row">
      <label class="visually-hidden" for="${prefix}-num">${t('vote.rule.numerator')}</label>
      <input
        id="${prefix}-num"
        name="${prefix}Numerator"
        type="number"
        min="1"
        max="100"
        step="1"
        required
        inputmode="numeric"
        class="narrow"
        value=${numerator}
        aria-describedby=${describedBy(problems, `${prefix}Numerator`)}
        aria-invalid=${invalid(problems, `${prefix}Numerator`)}
      />
      <span aria-hidden="true">/</span>
      <label class="visually-hidden" for="${prefix}-den">${t('vote.rule.denominator')}</label>
      <input
        id="${prefix}-den"
        name="${prefix}Denominator"
        type="number"
        min="1"
        max="100"
        step="1"
        required
        inputmode="numeric"
        class="narrow"
        value=${denominator}
        aria-describedby=${describedBy(problems, `${prefix}Denominator`)}
        aria-invalid=${invalid(problems, `${prefix}Denominator`)}
      />
    </span>
    ${fieldError(problems, `${prefix}Numerator`)} ${fieldError(problems, `${prefix}Denominator`)}`;

const strictness = (id: string, strict: boolean) =>
  html`<select id=${id} name=${id}>
    <option value="strict" ?selected=${strict}>${t('vote.rule.more_than')}</option>
    <option value="inclusive" ?selected=${!strict}>${t('vote.rule.at_least')}</option>
  </select>`;

/** The rule picker: presets by name, or (when `custom`) a quorum and a pass threshold in full. */
export function ruleFields(choice: string, problems: FieldError[], onChange: (e: Event) => void) {
  return html`<label for="rules">${t('vote.rule.label')}</label>
    <select id="rules" name="rules" @change=${onChange} data-test="motion-rules">
      <option value="" ?selected=${choice === ''}>${t('vote.rule.meeting')}</option>
      ${BODIES.map((b) => html`<option value=${b} ?selected=${choice === b}>${t(`vote.body.${b}`)}</option>`)}
    </select>
    ${
      choice === 'custom'
        ? html`<fieldset>
              <legend>${t('vote.rule.quorum')}</legend>
              <label for="quorumMode">${t('vote.rule.quorum_mode')}</label>
              <select id="quorumMode" name="quorumMode">
                ${QUORUM_MODES.map(
                  (m) =>
                    html`<option value=${m} ?selected=${m === 'present_of_members'}>
                      ${t(`vote.rule.quorum.${m}`)}
                    </option>`,
                )}
              </select>
              <label for="quorumStrict">${t('vote.rule.comparison')}</label>
              ${strictness('quorumStrict', false)} ${fraction('quorum', problems, 2, 3)}
            </fieldset>
            <fieldset>
              <legend>${t('vote.rule.pass')}</legend>
              <label for="passBase">${t('vote.rule.pass_base')}</label>
              <select id="passBase" name="passBase">
                ${PASS_BASES.map((b) => html`<option value=${b}>${t(`vote.rule.base.${b}`)}</option>`)}
              </select>
              <label for="passStrict">${t('vote.rule.comparison')}</label>
              ${strictness('passStrict', true)} ${fraction('pass', problems, 1, 2)}
            </fieldset>`
        : ''
    }`;
}

/** Reads the rule picker back from the form's data. */
export function readRules(data: FormData): RulesChoice {
  const choice = String(data.get('rules') ?? '');
  if (!choice) return undefined;
  if (choice !== 'custom') return { body: choice };
  const num = (name: string) => Number(data.get(name));
  const mode = String(data.get('quorumMode')) as (typeof QUORUM_MODES)[number];
  const quorum =
    mode === 'none'
      ? null
      : {
          numerator: num('quorumNumerator'),
          denominator: num('quorumDenominator'),
          strict: data.get('quorumStrict') === 'strict',
          base: (mode === 'cast_of_present' ? 'present' : 'members') as Base,
          ...(mode === 'present_of_members' ? {} : { counted: 'cast' as const }),
        };
  return {
    custom: {
      quorum,
      pass: {
        numerator: num('passNumerator'),
        denominator: num('passDenominator'),
        strict: data.get('passStrict') === 'strict',
        base: String(data.get('passBase')) as Base,
      },
    },
  };
}
