import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BoardMinutesSummary } from '../../shared/schemas/minutes.js';
import { shownState } from '../../shared/rules/resolution.js';
import type { BoardResolution, BoardView } from '../../shared/schemas/resolution.js';
import { errorMessage } from '../data/api.js';
import { board, boardMinutes, resolutionPhotoUrl } from '../data/resolution-tracking.js';
import { formatDate, formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resolutionStyles } from '../components/resolution-styles.js';
import '../components/board-rates.js';
import '../components/board-procedures.js';

/**
 * @summary /board/<organisation>: the public board (公开栏) — 决议公开 (standing resolutions with
 * unit and deadline), 实施结果公开 (results with rating), upcoming meetings with their agendas,
 * published minutes and reception days. No names, no phone numbers. Prints on A4 or A3 for the
 * physical notice board.
 */
@customElement('yishi-board-page')
export class BoardPage extends LitElement {
  static override styles = [
    shared,
    resolutionStyles,
    css`
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        border: 1px solid #c4cad0;
        padding: 0.4rem 0.6rem;
        text-align: left;
        vertical-align: top;
      }
      .photos img {
        width: 6rem;
        height: 6rem;
        object-fit: cover;
        margin: 0.25rem 0.25rem 0 0;
      }
      .print-bar {
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
      @media print {
        .print-bar {
          display: none;
        }
        :host {
          font-size: 11pt;
          color: #000;
        }
        section {
          break-inside: avoid-page;
        }
        h1 {
          text-align: center;
        }
      }
      :host([paper='a3']) {
        font-size: 1.2rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Readonly<Record<string, string>> = {};
  @property({ reflect: true }) paper: 'a4' | 'a3' = 'a4';
  @state() private view: BoardView | null = null;
  @state() private minutes: BoardMinutesSummary[] = [];
  @state() private error = '';

  // Not connectedCallback: `params` is applied at the first update when the module loads late.
  // The address holds the organisation's id or its board code (/b/<code> leads here).
  override firstUpdated(): void {
    const key = this.params.organisationId ?? '';
    board(/^\d+$/.test(key) ? Number(key) : key)
      .then(async (v) => {
        this.view = v;
        this.minutes = await boardMinutes(v.organisation.id);
      })
      .catch((err) => (this.error = errorMessage(err)));
  }

  /** The page size is a document-level @page rule: set on the document for the print dialog. */
  private print(paper: 'a4' | 'a3'): void {
    this.paper = paper;
    let style = document.getElementById('board-page-size');
    if (!style) {
      style = document.createElement('style');
      style.id = 'board-page-size';
      document.head.append(style);
    }
    style.textContent = `@page { size: ${paper.toUpperCase()} ${paper === 'a3' ? 'landscape' : 'portrait'}; margin: 12mm; }`;
    window.print();
  }

  private table(rows: BoardResolution[], results: boolean) {
    if (!rows.length) return html`<p>${t('board.none')}</p>`;
    return html`<table>
      <thead>
        <tr>
          <th>${t('board.col.matter')}</th>
          <th>${t('resolution.unit')}</th>
          ${
            results
              ? html`<th>${t('resolution_ui.result')}</th>
                  <th>${t('follow.col.rating')}</th>
                  <th>${t('board.col.closed')}</th>`
              : html`<th>${t('board.col.state')}</th>
                  <th>${t('resolution.deadline')}</th>`
          }
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr data-test=${results ? 'board-result' : 'board-resolution'} data-id=${r.id} data-state=${r.state}>
              <td>
                ${r.text}
                ${
                  r.photoCount
                    ? html`<div class="photos">
                        ${Array.from(
                          { length: r.photoCount },
                          (_, i) =>
                            html`<img
                              src=${resolutionPhotoUrl(r.id, i)}
                              alt=${t('resolution_ui.photo_alt', { n: i + 1 })}
                              loading="lazy"
                            />`,
                        )}
                      </div>`
                    : nothing
                }
              </td>
              <td>${r.responsibleOrganisationName ?? '—'}</td>
              ${
                results
                  ? html`<td>${r.result ?? ''}</td>
                      <td>${r.rating ? t(`resolution.rating.${r.rating}`) : '—'}</td>
                      <td>${r.closedAt ? formatDate(r.closedAt) : ''}</td>`
                  : html`<td>${t(`resolution.state.${shownState(r.state, r.rating)}`)}</td>
                      <td>
                        ${r.deadline ? formatDate(r.deadline) : '—'}
                        ${
                          r.deadlineStatus === 'overdue'
                            ? html`<span class="overdue">${t('resolution.deadline_status.overdue')}</span>`
                            : nothing
                        }
                      </td>`
              }
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const v = this.view;
    if (!v) return html`<div role="alert" class="error">${this.error}</div>`;
    return html`<h1 data-test="board-title">${t('board.title', { name: v.organisation.name })}</h1>
      <div class="print-bar">
        <button type="button" class="secondary" @click=${() => this.print('a4')}>${t('board.print_a4')}</button>
        <button type="button" class="secondary" @click=${() => this.print('a3')}>${t('board.print_a3')}</button>
      </div>
      ${
        v.organisation.boardCode
          ? html`<p class="muted" data-test="board-address">
              ${t('board.address', { url: `${location.origin}/b/${v.organisation.boardCode}` })}
            </p>`
          : nothing
      }
      <yishi-board-rates .organisationId=${v.organisation.id}></yishi-board-rates>
      <yishi-board-procedures .organisationId=${v.organisation.id}></yishi-board-procedures>
      <section aria-labelledby="resolutions">
        <h2 id="resolutions">${t('board.resolutions')}</h2>
        ${this.table(v.resolutions, false)}
      </section>
      <section aria-labelledby="results">
        <h2 id="results">${t('board.results')}</h2>
        ${this.table(v.results, true)}
      </section>
      <section aria-labelledby="meetings">
        <h2 id="meetings">${t('board.meetings')}</h2>
        ${
          v.meetings.length
            ? html`<ul>
                ${v.meetings.map(
                  (m) =>
                    html`<li>
                      <strong>${m.title}</strong> · ${formatDateTime(m.startsAt)} · ${m.venue}
                      ${
                        m.agenda.length
                          ? html`<ol>
                              ${m.agenda.map((a) => html`<li>${a}</li>`)}
                            </ol>`
                          : nothing
                      }
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('board.none')}</p>`
        }
      </section>
      <section aria-labelledby="minutes">
        <h2 id="minutes">${t('board.minutes')}</h2>
        ${
          this.minutes.length
            ? html`<ul>
                ${this.minutes.map(
                  (m) =>
                    html`<li><a href="/m/${m.meetingId}/minutes">${m.title}</a> · ${formatDate(m.publishedAt)}</li>`,
                )}
              </ul>`
            : html`<p>${t('board.none')}</p>`
        }
      </section>
      <section aria-labelledby="reception">
        <h2 id="reception">${t('board.reception')}</h2>
        ${
          v.reception.length
            ? html`<ul>
                ${v.reception.map(
                  (r) =>
                    html`<li>
                      ${r.name} · ${r.location} · ${formatDateTime(r.startsAt)}–${formatDateTime(r.endsAt)}
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('board.none')}</p>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-board-page': BoardPage;
  }
}
