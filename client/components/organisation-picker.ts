import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { organisationOptions } from '../forms/options.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The user picked an organisation. */
export class OrganisationPickEvent extends Event {
  static readonly type = 'organisation-pick';
  constructor(readonly organisationId: number) {
    super(OrganisationPickEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary A labelled organisation select (the user's part of the tree, indented), for pages that
 * work on one organisation at a time (intake codes, studios).
 * @event organisation-pick - OrganisationPickEvent
 */
@customElement('yishi-organisation-picker')
export class OrganisationPicker extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) organisations: OrganisationView[] = [];
  @property({ type: Number }) selected = 0;
  @property() label = '';

  override render() {
    return html`<label for="org">${this.label || t('picker.organisation')}</label>
      <select
        id="org"
        data-test="organisation-picker"
        @change=${(e: Event) =>
          this.dispatchEvent(new OrganisationPickEvent(Number((e.target as HTMLSelectElement).value)))}
      >
        ${organisationOptions(this.organisations, this.selected)}
      </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-organisation-picker': OrganisationPicker;
  }
  interface HTMLElementEventMap {
    'organisation-pick': OrganisationPickEvent;
  }
}
