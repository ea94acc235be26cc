import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ResolutionDetail } from '../../shared/schemas/resolution.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { errorMessage } from '../data/api.js';
import { shownState } from '../../shared/rules/resolution.js';
import { act, actWithPhotos, dispatchTargets, getResolution, type Verb } from '../data/resolutions.js';
import { resolutionPhotoUrl } from '../data/resolution-tracking.js';
import type { ActionSubmitEvent } from '../forms/action-event.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { ReferChoice } from '../components/refer-form.js';
import { resolutionStyles } from '../components/resolution-styles.js';
import '../components/public-timeline.js';
import '../components/refer-form.js';

/** Verbs that take one line of text, with the body field and the label of that text. */
const TEXT_VERBS = {
  return: { field: 'reason', label: 'resolution_ui.return_reason' },
  withdraw: { field: 'reason', label: 'resolution_ui.withdraw_reason' },
  progress: { field: 'note', label: 'resolution_ui.progress_note' },
  report: { field: 'result', label: 'resolution_ui.report_result' },
} as const;

/**
 * @summary /follow/<id>: one resolution — source, unit, deadline, topics, ratings and the whole
 * timeline with actor and time — and the actions open to the signed-in user: the village
 * dispatches (派单), changes the deadline, closes out (销号, rating the unit) or withdraws; the
 * unit accepts (接单) or returns, posts progress and reports done.
 */
@customElement('yishi-resolution-page')
export class ResolutionPage extends LitElement {
  static override styles = [
    shared,
    resolutionStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
      }
      dd {
        margin: 0;
      }
      form {
        margin: 0.75rem 0;
      }
      .photos img {
        width: 9rem;
        height: 9rem;
        object-fit: cover;
        border-radius: 8px;
        margin: 0 0.5rem 0.5rem 0;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Readonly<Record<string, string>> = {};
  @state() private r: ResolutionDetail | null = null;
  @state() private targets: ReferralTargets | null = null;
  @state() private error = '';
  @state() private busy = false;

  // Not connectedCallback: when the page module loads after the element was made, `params` is
  // applied only at the first update.
  override firstUpdated(): void {
    void this.load();
  }

  private get resolutionId(): number {
    return Number(this.params.id);
  }

  private async load(): Promise<void> {
    try {
      this.r = await getResolution(this.resolutionId);
      if (this.r.actions.includes('dispatch') && !this.targets) this.targets = await dispatchTargets(this.resolutionId);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private run(v: Verb): Promise<boolean> {
    return this.runWith(act(this.resolutionId, v));
  }

  /** True when the step was taken (the page then shows the resolution as it now is). */
  private async runWith(work: Promise<ResolutionDetail>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      this.r = await work;
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private dispatch(e: ActionSubmitEvent<ReferChoice>): void {
    const field = (id: string) =>
      (this.renderRoot.querySelector(`#${id}`) as HTMLInputElement | HTMLTextAreaElement | null)?.value.trim() ?? '';
    const deadline = field('dispatch-deadline');
    const wording = field('dispatch-wording');
    void this.run({
      verb: 'dispatch',
      body: {
        responsibleOrganisationId: e.body.organisationId,
        responsibleUserId: e.body.assigneeId,
        note: e.body.note,
        ...(deadline ? { deadline } : {}),
        ...(wording ? { wording } : {}),
      },
    });
  }

  private textForm(verb: keyof typeof TEXT_VERBS) {
    const spec = TEXT_VERBS[verb];
    const withPhotos = verb === 'progress' || verb === 'report';
    const submit = async (e: SubmitEvent) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      const data = new FormData(form);
      const value = String(data.get('text') ?? '').trim();
      const photos = (data.getAll('photos') as File[]).filter((f) => f.size > 0);
      const done =
        withPhotos && photos.length
          ? await this.runWith(actWithPhotos(this.resolutionId, verb, { [spec.field]: value }, photos))
          : await this.run({ verb, body: { [spec.field]: value } } as Verb);
      // Posted: the box is empty for the next update (kept as typed when the step failed).
      if (done) form.reset();
    };
    return html`<form class="card" @submit=${submit} data-test="form-${verb}">
      <label for="text-${verb}">${t(spec.label)}</label>
      <textarea id="text-${verb}" name="text" required minlength="2" maxlength="2000" rows="3"></textarea>
      ${
        withPhotos
          ? html`<label for="photos-${verb}">${t('resolution_ui.photos')}</label>
              <input id="photos-${verb}" type="file" name="photos" accept="image/*" multiple />`
          : nothing
      }
      <button
        type="submit"
        class=${verb === 'return' || verb === 'withdraw' ? 'secondary' : 'primary'}
        ?disabled=${this.busy}
      >
        ${t(`resolution_ui.verb.${verb}`)}
      </button>
    </form>`;
  }

  private closeForm() {
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      const score = (k: string) => (data.get(k) ? Number(data.get(k)) : null);
      void this.run({ verb: 'close', body: { speed: score('speed'), quality: score('quality') } });
    };
    const scale = (name: string) =>
      html`<label for="score-${name}">${t(`resolution_ui.score.${name}`)}</label>
        <select id="score-${name}" name=${name}>
          <option value="">—</option>
          ${[5, 4, 3, 2, 1].map((n) => html`<option value=${n}>${n}</option>`)}
        </select>`;
    return html`<form class="card" @submit=${submit} data-test="form-close">
      <p>${t('resolution_ui.close_hint')}</p>
      ${scale('speed')} ${scale('quality')}
      <button type="submit" class="primary" ?disabled=${this.busy}>${t('resolution_ui.verb.close')}</button>
    </form>`;
  }

  private deadlineForm() {
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      void this.run({
        verb: 'deadline',
        body: { deadline: String(data.get('deadline')), reason: String(data.get('reason') ?? '') },
      });
    };
    return html`<form class="card" @submit=${submit} data-test="form-deadline">
      <label for="new-deadline">${t('resolution_ui.new_deadline')}</label>
      <input id="new-deadline" type="date" name="deadline" required />
      <label for="deadline-reason">${t('resolution_ui.deadline_reason')}</label>
      <input id="deadline-reason" name="reason" required minlength="2" maxlength="200" />
      <button type="submit" class="secondary" ?disabled=${this.busy}>${t('resolution_ui.verb.deadline')}</button>
    </form>`;
  }

  private actions(r: ResolutionDetail) {
    const a = new Set(r.actions);
    return html`${
      a.has('dispatch')
        ? html`<section class="card" data-test="form-dispatch">
            <h2>${t('resolution_ui.verb.dispatch')}</h2>
            <label for="dispatch-deadline">${t('resolution_ui.deadline_optional')}</label>
            <input id="dispatch-deadline" type="date" />
            ${
              r.question
                ? html`<label for="dispatch-wording">${t('resolution_ui.wording')}</label>
                    <p class="muted" id="wording-hint">${t('resolution_ui.wording_hint')}</p>
                    <textarea
                      id="dispatch-wording"
                      rows="2"
                      minlength="2"
                      maxlength="600"
                      aria-describedby="wording-hint"
                      .value=${r.text}
                      data-test="dispatch-wording"
                    ></textarea>`
                : nothing
            }
            <yishi-refer-form
              .targets=${this.targets}
              submit-label=${t('resolution_ui.verb.dispatch')}
              ?busy=${this.busy}
              @action-submit=${(e: ActionSubmitEvent<ReferChoice>) => this.dispatch(e)}
            ></yishi-refer-form>
          </section>`
        : nothing
    }
    ${
      a.has('accept')
        ? html`<button
            type="button"
            class="primary"
            ?disabled=${this.busy}
            @click=${() => this.run({ verb: 'accept' })}
            data-test="verb-accept"
          >
            ${t('resolution_ui.verb.accept')}
          </button>`
        : nothing
    }
    ${(['progress', 'report', 'return', 'withdraw'] as const).map((v) => (a.has(v) ? this.textForm(v) : nothing))}
    ${a.has('close') ? this.closeForm() : nothing}
    ${a.has('deadline') && !['draft', 'closed', 'withdrawn'].includes(r.state) ? this.deadlineForm() : nothing}`;
  }

  /** Progress and result photos, as the resident and the board see them. */
  private photos(r: ResolutionDetail) {
    if (!r.photoCount) return nothing;
    return html`<section aria-labelledby="photos-heading" data-test="resolution-photos">
      <h2 id="photos-heading">${t('resolution_ui.photos_heading')}</h2>
      <div class="photos">
        ${Array.from(
          { length: r.photoCount },
          (_, i) =>
            html`<a href=${resolutionPhotoUrl(r.id, i)} target="_blank" rel="noopener"
              ><img src=${resolutionPhotoUrl(r.id, i)} alt=${t('resolution_ui.photo_alt', { n: i + 1 })} loading="lazy"
            /></a>`,
        )}
      </div>
    </section>`;
  }

  private view(r: ResolutionDetail) {
    return html`<h1 data-test="resolution-text">${r.text}</h1>
      <p>
        <span class="badge" data-test="resolution-state"
          >${t(`resolution.state.${shownState(r.state, r.rating)}`)}</span
        >
        ${
          r.deadlineStatus === 'overdue' || r.deadlineStatus === 'due_soon'
            ? html`<span class=${r.deadlineStatus}>${t(`resolution.deadline_status.${r.deadlineStatus}`)}</span>`
            : nothing
        }
      </p>
      <dl class="card">
        ${
          r.question
            ? html`<dt>${t('resolution_ui.question')}</dt>
                <dd data-test="resolution-question">${r.question}</dd>`
            : nothing
        }
        <dt>${t('resolution_ui.source')}</dt>
        <dd>${t(`resolution.source.${r.sourceKind}`)}</dd>
        <dt>${t('follow.col.village')}</dt>
        <dd>${r.organisationName}</dd>
        <dt>${t('resolution.unit')}</dt>
        <dd data-test="resolution-unit">
          ${r.responsibleOrganisationName ?? '—'}${r.responsibleUserName ? ` · ${r.responsibleUserName}` : ''}
        </dd>
        ${
          r.dispatchNote
            ? html`<dt>${t('resolution_ui.dispatch_note')}</dt>
                <dd data-test="resolution-dispatch-note">${r.dispatchNote}</dd>`
            : nothing
        }
        <dt>${t('resolution.deadline')}</dt>
        <dd>${r.deadline ? formatDate(r.deadline) : '—'}</dd>
        ${
          r.result
            ? html`<dt>${t('resolution_ui.result')}</dt>
                <dd>${r.result}</dd>`
            : nothing
        }
        <dt>${t('follow.col.rating')}</dt>
        <dd data-test="resolution-rating">${r.rating ? t(`resolution.rating.${r.rating}`) : '—'}</dd>
        ${
          r.topics.length
            ? html`<dt>${t('resolution_ui.topics')}</dt>
                <dd>${r.topics.map((x) => html`<a href="/review/${x.id}">${x.title}</a> `)}</dd>`
            : nothing
        }
      </dl>
      ${this.photos(r)}
      <div role="alert" class="error" data-test="resolution-error">${this.error}</div>
      ${this.actions(r)}
      <h2>${t('resolution_ui.timeline')}</h2>
      <yishi-public-timeline
        .entries=${r.timeline.map((e) => ({
          kind: `resolution.step.${e.kind}`,
          at: e.at,
          note: e.note,
          detail: null,
          actorName: e.actorName,
        }))}
      ></yishi-public-timeline>`;
  }

  override render() {
    if (!this.r) return html`<div role="alert" class="error">${this.error}</div>`;
    return this.view(this.r);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-resolution-page': ResolutionPage;
  }
}
