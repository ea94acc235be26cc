import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublicTimeline } from '../../shared/schemas/procedure.js';
import { boardTimelines } from '../data/procedures.js';
import { LocaleController, t } from '../i18n/index.js';
import './procedure-timeline.js';

/**
 * @summary The public board's section of major matters (四议两公开): each matter's timeline, and
 * for one on display a "提出异议" link to the residents' objection form through the village's
 * intake code. Set `organisationId` (attribute `organisation-id`); nothing is shown when the
 * village has none.
 */
@customElement('yishi-board-procedures')
export class BoardProcedures extends LitElement {
  private readonly i18n = new LocaleController(this);
  @property({ type: Number, attribute: 'organisation-id' }) organisationId = 0;
  @state() private items: PublicTimeline[] = [];
  @state() private intakeCode: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('organisationId') && this.organisationId > 0)
      void boardTimelines(this.organisationId).then(
        (r) => {
          this.items = r.items;
          this.intakeCode = r.intakeCode;
        },
        () => (this.items = []),
      );
  }

  override render() {
    if (!this.items.length) return nothing;
    return html`<section data-test="board-procedures">
      <h2>${t('procedure.board.title')}</h2>
      ${this.items.map(
        (p) =>
          html`<yishi-procedure-timeline
            data-id=${p.id}
            .timeline=${p}
            .objectUrl=${this.intakeCode ? `/o/?code=${encodeURIComponent(this.intakeCode)}&matter=${p.id}` : null}
          ></yishi-procedure-timeline>`,
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-board-procedures': BoardProcedures;
  }
}
