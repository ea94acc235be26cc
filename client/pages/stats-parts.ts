import { html, nothing } from 'lit';
import { formatRate, formatRatio, type Ratio } from '../../shared/rules/stats.js';
import type { StatsDashboard } from '../../shared/schemas/stats.js';
import { t } from '../i18n/index.js';

/**
 * The pieces of /stats that the laptop page and the big screen lay out differently
 * (client/pages/stats-page.ts): the four rates, the counts line, the children's table and the
 * breakdowns. Plain templates, styled by the page that places them.
 */

const hours = (seconds: number | null) =>
  seconds === null ? '—' : t('stats.duration_hours', { hours: Math.round((seconds / 3600) * 10) / 10 });

/** A count cell with its rate, numerator/denominator in the title and visible on focus. */
const rateCell = (r: Ratio | null) =>
  html`<td title=${r ? t('stats.ratio_hint', { ...r }) : ''} data-ratio=${formatRatio(r)}>
    ${formatRate(r)} <small>${formatRatio(r)}</small>
  </td>`;

export function rates(d: StatsDashboard) {
  return html`<div class="rates" data-test="stats-rates">
    <yishi-stats-rate
      data-test="rate-response"
      .label=${t('stats.rate.response')}
      .ratio=${d.totals.response}
    ></yishi-stats-rate>
    <yishi-stats-rate
      data-test="rate-completion"
      .label=${t('stats.rate.completion')}
      .ratio=${d.totals.completion}
    ></yishi-stats-rate>
    <yishi-stats-rate
      data-test="rate-resolution"
      .label=${t('stats.rate.resolution')}
      .ratio=${d.totals.resolution}
    ></yishi-stats-rate>
    <yishi-stats-rate
      data-test="rate-satisfaction"
      .label=${t('stats.rate.satisfaction')}
      .ratio=${d.totals.satisfaction}
    ></yishi-stats-rate>
  </div>`;
}

export function counts(d: StatsDashboard) {
  const ratings = d.totals.ratings;
  return html`<div class="rates counts">
    <div data-test="stats-topics">${t('stats.topics')}: <strong>${d.totals.topics}</strong></div>
    <div>${t('stats.overdue')}: <strong data-test="stats-overdue">${d.totals.overdue ?? '—'}</strong></div>
    <div>${t('stats.visits')}: <strong>${d.visits}</strong></div>
    <div>
      ${t('stats.response_time')}: ${t('stats.median')} ${hours(d.responseTime.median)} · ${t('stats.p90')}
      ${hours(d.responseTime.p90)}
    </div>
    <div>
      ${t('stats.close_time')}: ${t('stats.median')} ${hours(d.closeTime?.median ?? null)} · ${t('stats.p90')}
      ${hours(d.closeTime?.p90 ?? null)}
    </div>
    ${
      ratings
        ? html`<div>
            ${t('stats.ratings')}: ${t('stats.rating.satisfied')} ${ratings.satisfied} ·
            ${t('stats.rating.basically_satisfied')} ${ratings.basicallySatisfied} · ${t('stats.rating.dissatisfied')}
            ${ratings.dissatisfied}
          </div>`
        : nothing
    }
  </div>`;
}

export function breakdowns(d: StatsDashboard) {
  return html`<div class="row breakdowns">
    <section>
      <h2>${t('stats.by_category')}</h2>
      <table data-test="stats-categories">
        ${d.byCategory.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.category}</th>
              <td>${c.topics}</td>
            </tr>`,
        )}
      </table>
    </section>
    <section>
      <h2>${t('stats.meetings_by_kind')}</h2>
      <table>
        ${d.meetingsByKind.map(
          (m) =>
            html`<tr>
              <th scope="row">${t(`stats.meeting_kind.${m.kind}`)}</th>
              <td>${m.count}</td>
            </tr>`,
        )}
      </table>
    </section>
    <section>
      <h2>${t('stats.cosign_leaders')}</h2>
      <ol>
        ${d.cosignLeaders.map((c) => html`<li>${c.title} (${c.organisation}) · ${t('stats.cosigns')} ${c.cosigns}</li>`)}
      </ol>
    </section>
  </div>`;
}

/** The organisations one level down, each a button that drills into it. */
export function childTable(d: StatsDashboard, go: (id: number) => void) {
  if (!d.children.length) return nothing;
  return html`<h2>${t('stats.children')}</h2>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${t('stats.children')}>
      <table data-test="stats-children">
        <thead>
          <tr>
            <th scope="col">${t('stats.col.organisation')}</th>
            <th scope="col">${t('stats.topics')}</th>
            <th scope="col">${t('stats.rate.response')}</th>
            <th scope="col">${t('stats.rate.completion')}</th>
            <th scope="col">${t('stats.rate.resolution')}</th>
            <th scope="col">${t('stats.rate.satisfaction')}</th>
            <th scope="col">${t('stats.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          ${d.children.map(
            (c) =>
              html`<tr data-test="stats-child" data-id=${c.id ?? ''}>
                <th scope="row">
                  ${
                    c.id !== null && c.kind !== null
                      ? html`<button class="link" data-test="stats-drill" @click=${() => go(c.id!)}>${c.name}</button>`
                      : t('stats.no_grid')
                  }
                </th>
                <td data-test="child-topics">${c.measures.topics}</td>
                ${rateCell(c.measures.response)} ${rateCell(c.measures.completion)} ${rateCell(c.measures.resolution)}
                ${rateCell(c.measures.satisfaction)}
                <td>${c.measures.overdue ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
