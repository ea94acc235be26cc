import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CosignCandidate } from '../../shared/schemas/cosign.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import { cosignCandidates, deskCosign } from '../data/cosign.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary The village desk records a co-sign given in person (a resident without a phone):
 * find the person on the register by name, confirm, record. Who recorded it is audited.
 * @event cosign-recorded - detail `{ cosignCount, verifiedCosignCount }` after a co-sign is recorded.
 */
@customElement('yishi-desk-cosign')
export class DeskCosign extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) topicId = 0;
  @state() private people: CosignCandidate[] | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private message = '';

  private async search(e: Event): Promise<void> {
    e.preventDefault();
    const q = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    if (!q) return;
    this.busy = true;
    this.error = '';
    try {
      this.people = await cosignCandidates(this.topicId, q);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async record(person: CosignCandidate): Promise<void> {
    if (!(await confirmAction(t('cosign.desk.confirm', { name: person.name })))) return;
    this.busy = true;
    this.error = '';
    try {
      const r = await deskCosign(this.topicId, person.id);
      this.message = t('cosign.desk.done', { name: person.name, verified: r.verifiedCosignCount });
      this.people = (this.people ?? []).map((p) => (p.id === person.id ? { ...p, cosigned: true } : p));
      this.dispatchEvent(new CustomEvent('cosign-recorded', { detail: r, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private describe(p: CosignCandidate): string {
    return t('cosign.desk.person', {
      name: p.name,
      year: p.birthYear ?? '—',
      household: p.household ?? '—',
      suffix: p.idSuffix ?? '—',
    });
  }

  override render() {
    return html`<h3>${t('cosign.desk.title')}</h3>
      <p class="muted">${t('cosign.desk.hint')}</p>
      <form class="row" role="search" @submit=${this.search}>
        <label>${t('cosign.desk.search')} <input name="q" maxlength="20" required data-test="desk-cosign-q" /></label>
        <button type="submit" class="secondary" ?disabled=${this.busy}>${t('cosign.desk.search')}</button>
      </form>
      ${
        this.people === null
          ? nothing
          : this.people.length
            ? html`<ul data-test="desk-cosign-people">
                ${this.people.map(
                  (p) =>
                    html`<li>
                      ${this.describe(p)}
                      ${
                        p.cosigned
                          ? html`<strong>${t('cosign.desk.signed')}</strong>`
                          : html`<button
                              type="button"
                              ?disabled=${this.busy}
                              data-test="desk-cosign-pick"
                              @click=${() => this.record(p)}
                            >
                              ${t('cosign.desk.pick', { name: p.name })}
                            </button>`
                      }
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('cosign.desk.none')}</p>`
      }
      <p role="status">${this.message}</p>
      <p role="alert" class="error">${this.error}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-desk-cosign': DeskCosign;
  }
}
