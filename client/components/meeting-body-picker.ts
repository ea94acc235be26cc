import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BodyView } from '../../shared/schemas/bodies.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The deliberating body chosen for a meeting changed (null: a list typed by hand). */
export class BodyPickEvent extends Event {
  static readonly type = 'body-pick';
  constructor(readonly bodyId: number | null) {
    super(BodyPickEvent.type, { bubbles: true, composed: true });
  }
}

/** The bodies a meeting of this kind may belong to: of the same kind, or custom (as the server's check allows). */
export const bodiesFor = (bodies: readonly BodyView[], kind: string): BodyView[] =>
  bodies.filter((b) => !b.archived && (b.kind === kind || b.kind === 'custom'));

/**
 * @summary Which deliberating body (议事主体) a meeting belongs to: its members on the meeting
 * date are the participants, frozen when it opens. Lists the organisation's bodies of the
 * meeting's kind (and custom ones) with their member count and composition warnings; once the
 * roster is frozen it only says which body and how many were entitled.
 * @event body-pick - BodyPickEvent
 */
@customElement('yishi-meeting-body-picker')
export class MeetingBodyPicker extends LitElement {
  static override styles = [
    shared,
    css`
      .hint {
        margin: 0.25rem 0 0;
      }
      .warning {
        color: #a4161a;
        font-weight: 600;
        margin: 0.25rem 0 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** The organisation's bodies (any kind: filtered here by `kind`). */
  @property({ attribute: false }) bodies: BodyView[] = [];
  /** The meeting's quorum body (`villagers_assembly`, `representatives_meeting`, …). */
  @property() kind = '';
  @property({ attribute: false }) value: number | null = null;
  /** Set once the meeting opened: the count frozen then. */
  @property({ attribute: false }) frozenCount: number | null = null;
  @property({ type: Boolean }) disabled = false;

  private pick(e: Event): void {
    const v = Number((e.target as HTMLSelectElement).value);
    this.dispatchEvent(new BodyPickEvent(v > 0 ? v : null));
  }

  override render() {
    const chosen = this.bodies.find((b) => b.id === this.value);
    const name = chosen?.name ?? t('meetingbody.unknown');
    if (this.frozenCount !== null && this.value)
      return html`<p data-test="meeting-body-frozen">${t('meetingbody.frozen', { name, count: this.frozenCount })}</p>`;
    const offered = bodiesFor(this.bodies, this.kind);
    // A body already chosen stays listed even if it no longer fits, so the form never drops it silently.
    if (chosen && !offered.includes(chosen)) offered.unshift(chosen);
    return html`<label for="bodyId">${t('meetingbody.label')}</label>
      <select
        id="bodyId"
        ?disabled=${this.disabled}
        aria-describedby="body-id-hint"
        data-test="meeting-body-id"
        @change=${this.pick}
      >
        <option value="" ?selected=${!this.value}>${t('meetingbody.none')}</option>
        ${offered.map(
          (b) =>
            html`<option value=${b.id} ?selected=${b.id === this.value}>
              ${t('meetingbody.option', { name: b.name, members: b.composition.members })}${b.warnings.length ? ' ⚠' : ''}
            </option>`,
        )}
      </select>
      <p class="muted hint" id="body-id-hint" data-test="meeting-body-hint">
        ${
          chosen
            ? t('meetingbody.from', { name: chosen.name, members: chosen.composition.members })
            : offered.length
              ? t('meetingbody.none_hint')
              : t('meetingbody.none_here')
        }
      </p>
      ${
        chosen
          ? chosen.warnings.map(
              (w) =>
                html`<p class="warning" role="note" data-test="meeting-body-warning">
                  ${t(`meetingbody.warning.${w}`)}
                </p>`,
            )
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-meeting-body-picker': MeetingBodyPicker;
  }
  interface HTMLElementEventMap {
    'body-pick': BodyPickEvent;
  }
}
