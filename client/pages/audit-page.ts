import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuditEventView, AuditList } from '../../shared/schemas/audit.js';
import { LatestRequest } from '../data/latest.js';
import { errorMessage } from '../data/api.js';
import { listAudit } from '../data/audit.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { PageEvent } from '../components/pager.js';
import '../components/pager.js';

const LIMIT = 50;
/** The subject types the server records today (server/services/*.ts). */
const SUBJECT_TYPES = ['user', 'organisation', 'system'] as const;

/** A translation when the catalogue has one, else the raw code (new actions still show). */
function label(key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/**
 * @summary The audit trail, newest first, filterable by subject type. Summaries are shown as
 * JSON text — Lit escapes it, so recorded names cannot inject markup.
 */
@customElement('yishi-audit-page')
export class AuditPage extends LitElement {
  static override styles = [
    shared,
    css`
      .filter select {
        width: auto;
      }
      code {
        white-space: pre-wrap;
        word-break: break-word;
        font-size: 1rem;
      }
      td.summary {
        min-width: 16rem;
      }
      table {
        min-width: 52rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private data: AuditList | null = null;
  @state() private offset = 0;
  /** The offset of the page on screen, which the pager names (the asked-for one may be loading). */
  @state() private shownOffset = 0;
  private readonly latest = new LatestRequest();
  @state() private subjectType = '';
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.error = '';
      const offset = this.offset;
      await this.latest.run(
        () => listAudit({ offset, limit: LIMIT, subjectType: this.subjectType || undefined }),
        (data) => ((this.data = data), (this.shownOffset = offset)),
      );
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private filter(e: Event): void {
    this.subjectType = (e.target as HTMLSelectElement).value;
    this.offset = 0;
    void this.load();
  }

  private row(e: AuditEventView) {
    return html`<tr data-test="audit-row" data-action=${e.action}>
      <td><time datetime=${e.at}>${formatDateTime(e.at)}</time></td>
      <td>${e.actorName ?? t('admin.audit.system')}</td>
      <td>${label(`audit.action.${e.action}`, e.action)}</td>
      <td>${label(`admin.audit.subject_${e.subjectType}`, e.subjectType)} #${e.subjectId}</td>
      <td class="summary"><code>${JSON.stringify(e.summary, null, 1)}</code></td>
    </tr>`;
  }

  private table(data: AuditList) {
    if (!data.items.length) return html`<p data-test="audit-table">${t('admin.audit.empty')}</p>`;
    // Focusable and named because it scrolls sideways on phones and holds nothing else to focus.
    return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="audit-title">
        <table data-test="audit-table">
          <thead>
            <tr>
              <th scope="col">${t('admin.audit.at')}</th>
              <th scope="col">${t('admin.audit.actor')}</th>
              <th scope="col">${t('admin.audit.action')}</th>
              <th scope="col">${t('admin.audit.subject')}</th>
              <th scope="col">${t('admin.audit.summary')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.items.map((e) => this.row(e))}
          </tbody>
        </table>
      </div>
      <yishi-pager
        .offset=${this.shownOffset}
        .limit=${LIMIT}
        .total=${data.total}
        @page=${(e: PageEvent) => ((this.offset = e.offset), void this.load())}
      ></yishi-pager>`;
  }

  override render() {
    return html`<h1 id="audit-title">${t('admin.audit.title')}</h1>
      <div class="row filter">
        <label for="subjectType">${t('admin.audit.filter')}</label>
        <select id="subjectType" data-test="audit-filter" @change=${this.filter}>
          <option value="" ?selected=${this.subjectType === ''}>${t('admin.audit.all')}</option>
          ${SUBJECT_TYPES.map((s) => html`<option value=${s} ?selected=${this.subjectType === s}>${label(`admin.audit.subject_${s}`, s)}</option>`)}
        </select>
      </div>
      <div role="alert" class="error" data-test="audit-error">${this.error}</div>
      ${this.data ? this.table(this.data) : html`<p role="status">${t('app.loading')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-audit-page': AuditPage;
  }
}
