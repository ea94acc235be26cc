import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { EXPORT_KINDS, type ExportFormat, type ExportKind } from '../../shared/schemas/stats.js';
import { errorMessage } from '../data/api.js';
import { downloadExport, type ExportProgress, type StatsFilter } from '../data/stats.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** @summary Export buttons (CSV/XLSX per kind) with a progress bar while the stream arrives. */
@customElement('yishi-stats-export')
export class StatsExport extends LitElement {
  static override styles = [shared];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) filter: StatsFilter = {};
  @state() private progress: ExportProgress | null = null;
  @state() private message = '';

  private async run(kind: ExportKind, format: ExportFormat): Promise<void> {
    this.message = '';
    this.progress = { total: 0, rows: 0, bytes: 0 };
    try {
      const done = await downloadExport(kind, format, this.filter, (p) => (this.progress = p));
      this.message = t('stats.export.done', { rows: done.rows });
    } catch (err) {
      this.message = errorMessage(err) || t('stats.export.failed');
    } finally {
      this.progress = null;
    }
  }

  override render() {
    const p = this.progress;
    return html`<section>
      <h2>${t('stats.export')}</h2>
      <div class="row">
        ${EXPORT_KINDS.map(
          (k) =>
            html`<span>
              ${t(`stats.export.kind.${k}`)}
              <button data-test=${`export-${k}-csv`} ?disabled=${!!p} @click=${() => this.run(k, 'csv')}>CSV</button>
              <button data-test=${`export-${k}-xlsx`} ?disabled=${!!p} @click=${() => this.run(k, 'xlsx')}>XLSX</button>
            </span>`,
        )}
      </div>
      ${
        p
          ? html`<progress max=${p.total || 1} value=${p.rows}></progress>
              <span role="status">${t('stats.export.progress', { rows: p.rows, total: p.total })}</span>`
          : html`<p role="status" data-test="export-status">${this.message}</p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-stats-export': StatsExport;
  }
}
