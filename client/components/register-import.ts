import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../../shared/rules/register-headers.js';
import type { ImportPreview } from '../../shared/schemas/register.js';
import { errorMessage } from '../data/api.js';
import { commitImport, previewImport } from '../data/register.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary The register's import wizard: choose a sheet → the server reads it and proposes a
 * column mapping → check the mapping against the first rows → dry run listing every bad row
 * (row, column, problem) and what would change → import, all rows or none. The file stays in
 * the browser and is sent again with each step.
 * @event register-imported - the import was committed
 */
@customElement('yishi-register-import')
export class RegisterImport extends LitElement {
  static override styles = [
    shared,
    css`
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.2rem 0.5rem;
        border-bottom: 1px solid #d0d7de;
      }
      .scroll {
        overflow-x: auto;
      }
      .mapping {
        display: grid;
        grid-template-columns: max-content minmax(10rem, 20rem);
        gap: 0.3rem 1rem;
        align-items: center;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ type: Number }) villageId = 0;
  @state() private file: File | null = null;
  @state() private preview: ImportPreview | null = null;
  @state() private mapping: ColumnMapping = {};
  @state() private checked = false;
  @state() private busy = '';
  @state() private progress = 0;
  @state() private error = '';
  @state() private done = '';

  private async run(label: string, fn: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.progress = 0;
    this.error = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = '';
    }
  }

  private chooseFile(e: Event): void {
    this.file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.preview = null;
    this.checked = false;
    this.done = '';
    if (!this.file) return;
    const file = this.file;
    void this.run(t('register.import.checking'), async () => {
      this.preview = await previewImport(this.villageId, file, undefined, (f) => (this.progress = f));
      this.mapping = { ...this.preview.mapping };
      this.checked = true;
    });
  }

  private remap(field: ImportField, value: string): void {
    this.mapping = { ...this.mapping, [field]: value === '' ? null : Number(value) };
    this.checked = false;
  }

  private dryRun(): void {
    const file = this.file;
    if (!file) return;
    void this.run(t('register.import.checking'), async () => {
      this.preview = await previewImport(this.villageId, file, this.mapping, (f) => (this.progress = f));
      this.checked = true;
    });
  }

  private commit(): void {
    const file = this.file;
    if (!file) return;
    void this.run(t('register.import.committing'), async () => {
      const { counts } = await commitImport(this.villageId, file, this.mapping, (f) => (this.progress = f));
      this.done = t('register.import.done', { new: counts.new, updated: counts.updated });
      this.preview = null;
      this.file = null;
      this.dispatchEvent(new Event('register-imported', { bubbles: true, composed: true }));
    });
  }

  private renderMapping(p: ImportPreview) {
    return html`<h3>${t('register.import.mapping')}</h3>
      <p>${t('register.import.mapping_hint')}</p>
      <div class="mapping" data-test="import-mapping">
        ${IMPORT_FIELDS.map(
          (field) =>
            html`<label for=${`map-${field}`}>${t(`register.import.field.${field}`)}</label>
              <select
                id=${`map-${field}`}
                data-test=${`map-${field}`}
                @change=${(e: Event) => this.remap(field, (e.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${this.mapping[field] == null}>${t('register.import.unmapped')}</option>
                ${p.headers.map(
                  (h, i) => html`<option value=${i} ?selected=${this.mapping[field] === i}>${i + 1}. ${h}</option>`,
                )}
              </select>`,
        )}
      </div>
      <h3>${t('register.import.preview')}</h3>
      <div class="scroll">
        <table data-test="import-sample">
          <thead>
            <tr>
              <th>${t('register.import.row')}</th>
              ${p.headers.map((h) => html`<th>${h}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${p.sample.map(
              (r) =>
                html`<tr>
                  <td>${r.row}</td>
                  ${r.cells.map((c) => html`<td>${c}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private renderReport(p: ImportPreview) {
    const c = p.counts;
    return html`<section aria-live="polite" data-test="import-report">
      <p data-test="import-counts">${t('register.import.counts', c)}</p>
      ${
        p.problems.length
          ? html`<p class="error" data-test="import-problem-count">
                ${t('register.import.problems', { count: p.problems.length })}
              </p>
              <table data-test="import-problems">
                <thead>
                  <tr>
                    <th>${t('register.import.row')}</th>
                    <th>${t('register.import.column')}</th>
                    <th>${t('register.import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${p.problems.map(
                    (x) =>
                      html`<tr>
                        <td>${x.row || t('register.import.general')}</td>
                        <td>${x.column ?? ''}</td>
                        <td>${x.message}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : html`<p data-test="import-ok">${t('register.import.no_problems')}</p>`
      }
    </section>`;
  }

  override render() {
    const p = this.preview;
    return html`<h2>${t('register.import.title')}</h2>
      <p>${t('register.import.intro')}</p>
      <label
        >${t('register.import.file')}
        <input
          type="file"
          data-test="import-file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          @change=${this.chooseFile}
      /></label>
      ${this.busy ? html`<p role="status">${this.busy} <progress max="1" .value=${this.progress}></progress></p>` : ''}
      <div role="alert" class="error" data-test="import-error">${this.error}</div>
      <div role="status" data-test="import-done">${this.done}</div>
      ${p ? this.renderMapping(p) : ''}
      ${
        p
          ? html`<p class="row">
              <button
                class="secondary"
                data-test="import-dry-run"
                ?disabled=${Boolean(this.busy)}
                @click=${this.dryRun}
              >
                ${t('register.import.dry_run')}
              </button>
              <button
                data-test="import-commit"
                ?disabled=${Boolean(this.busy) || !this.checked || p.problems.length > 0}
                @click=${this.commit}
              >
                ${t('register.import.commit')}
              </button>
            </p>`
          : ''
      }
      ${p && this.checked ? this.renderReport(p) : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-register-import': RegisterImport;
  }
}
