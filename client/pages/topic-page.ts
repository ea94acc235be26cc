import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { OPEN_STATUSES, formatReceipt } from '../../shared/rules/intake.js';
import type { StaffTopic } from '../../shared/schemas/intake.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage } from '../data/api.js';
import {
  acceptTopic,
  declineTopic,
  getTopic,
  mergeTopic,
  referTopic,
  referralTargets,
  reviewOrganisations,
  startReview,
  topicPhotoUrl,
} from '../data/review.js';
import { SessionController } from '../data/session.js';
import { watchReviewQueue } from '../data/socket.js';
import type { ActionSubmitEvent } from '../forms/action-event.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { ReferChoice } from '../components/refer-form.js';
import '../components/accept-form.js';
import '../components/decline-form.js';
import '../components/desk-cosign.js';
import '../components/merge-form.js';
import '../components/public-timeline.js';
import '../components/refer-form.js';
import type { RouteParams } from '../app/router.js';

type Action = 'accept' | 'merge' | 'decline' | 'refer';
const ACTIONS: Action[] = ['accept', 'merge', 'decline', 'refer'];

/**
 * @summary One topic for a reviewer (/review/:ref): what the resident wrote, their photos, who
 * they are (unless anonymous), co-signs, the full timeline with who acted — and, while it is
 * open, the four decisions: accept with an owner, merge, decline with a reply, refer. Merging,
 * declining and referring cannot be undone, so each asks first. Follows changes made elsewhere.
 */
@customElement('yishi-topic-page')
export class TopicPage extends LitElement {
  static override styles = [
    shared,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
      }
      dt {
        color: #4a545e;
      }
      dd {
        margin: 0;
      }
      .details {
        white-space: pre-wrap;
      }
      .photos {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      .photos img {
        width: 14rem;
        max-width: 100%;
        border-radius: 8px;
        border: 1px solid #c4cad0;
      }
      .tabs button[aria-pressed='true'] {
        background: #0b57a4;
        color: #fff;
      }
      .flag {
        color: #7a1014;
        font-weight: 700;
      }
      .layout {
        display: grid;
        gap: 1rem;
      }
      @media (min-width: 1000px) {
        .layout {
          grid-template-columns: 3fr 2fr;
        }
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  /** Path parameters from the router (/review/:ref). */
  @property({ attribute: false }) params: RouteParams = {};
  private get ref(): string {
    return this.params.ref ?? '';
  }
  @state() private topic: StaffTopic | null = null;
  @state() private error = '';
  @state() private done = '';
  @state() private action: Action | null = null;
  @state() private busy = false;
  @state() private targets: ReferralTargets | null = null;
  private stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const user = this.session.user;
    if (user) {
      this.stop = watchReviewQueue(reviewOrganisations(user), {
        received: () => undefined,
        updated: (t) => {
          if (t.id === Number(this.ref) && !this.busy) void this.load();
        },
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params') && this.ref) {
      this.topic = null;
      this.action = null;
      this.done = '';
      void this.load();
    }
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.topic = await getTopic(Number(this.ref));
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private choose(action: Action): void {
    this.action = this.action === action ? null : action;
    this.done = '';
    this.error = '';
    if (action === 'refer' && !this.targets) {
      referralTargets(Number(this.ref)).then(
        (targets) => (this.targets = targets),
        (err) => (this.error = errorMessage(err)),
      );
    }
  }

  /** Runs one action; the topic comes back changed and the outcome is announced. */
  private async run(fn: () => Promise<StaffTopic>, doneKey: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      this.topic = await fn();
      this.action = null;
      this.done = t(doneKey);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private async onAction(action: Action, e: ActionSubmitEvent): Promise<void> {
    const id = Number(this.ref);
    const title = this.topic?.title ?? '';
    switch (action) {
      case 'accept':
        return this.run(() => acceptTopic(id, (e.body as { ownerId: number }).ownerId), 'review.done.accepted');
      case 'merge': {
        const b = e.body as { intoTopicId: number; title: string };
        if (!(await confirmAction(t('review.confirm.merge', { title, into: b.title }), t('review.action.merge'))))
          return;
        return this.run(() => mergeTopic(id, b.intoTopicId), 'review.done.merged');
      }
      case 'decline': {
        const b = e.body as { reply: string };
        if (!(await confirmAction(t('review.confirm.decline', { title }), t('review.action.decline')))) return;
        return this.run(() => declineTopic(id, b.reply), 'review.done.declined');
      }
      case 'refer': {
        const b = e.body as ReferChoice;
        if (!(await confirmAction(t('review.confirm.refer', { title, to: b.label }), t('review.action.refer')))) return;
        return this.run(
          () => referTopic(id, { organisationId: b.organisationId, assigneeId: b.assigneeId, note: b.note }),
          'review.done.referred',
        );
      }
    }
  }

  private actionForm(action: Action) {
    const handler = (e: ActionSubmitEvent) => this.onAction(action, e);
    switch (action) {
      case 'accept':
        return html`<yishi-accept-form
          .topicId=${Number(this.ref)}
          ?busy=${this.busy}
          @action-submit=${handler}
        ></yishi-accept-form>`;
      case 'merge':
        return html`<yishi-merge-form
          .topicId=${Number(this.ref)}
          ?busy=${this.busy}
          @action-submit=${handler}
        ></yishi-merge-form>`;
      case 'decline':
        return html`<yishi-decline-form ?busy=${this.busy} @action-submit=${handler}></yishi-decline-form>`;
      case 'refer':
        return html`<yishi-refer-form
          .targets=${this.targets}
          ?busy=${this.busy}
          @action-submit=${handler}
        ></yishi-refer-form>`;
    }
  }

  private actions(topic: StaffTopic) {
    if (!OPEN_STATUSES.includes(topic.status)) return nothing;
    return html`<section class="card" aria-labelledby="decide" data-test="topic-actions">
      <h2 id="decide">${t('review.decide')}</h2>
      ${
        topic.status === 'received'
          ? html`<p>
              <button
                class="secondary"
                ?disabled=${this.busy}
                data-test="start-review"
                @click=${() => this.run(() => startReview(topic.id), 'review.done.review_started')}
              >
                ${t('review.action.start_review')}
              </button>
            </p>`
          : nothing
      }
      <div class="row tabs" role="group" aria-label=${t('review.decide')}>
        ${ACTIONS.map(
          (a) =>
            html`<button
              class="secondary"
              aria-pressed=${this.action === a ? 'true' : 'false'}
              data-test="action-${a}"
              @click=${() => this.choose(a)}
            >
              ${t(`review.action.${a}`)}
            </button>`,
        )}
      </div>
      ${this.action ? this.actionForm(this.action) : nothing}
    </section>`;
  }

  private topicView(topic: StaffTopic) {
    return html`<h1 data-test="topic-title">${topic.title}</h1>
      <p>
        <strong data-test="topic-status">${t(`topic.status.${topic.status}`)}</strong>
        ${topic.assemblyDemand ? html` · <span class="flag">${t('review.assembly_flag')}</span>` : nothing}
        ${topic.representativesDemand ? html` · <span class="flag">${t('review.representatives_flag')}</span>` : nothing}
      </p>
      <div class="layout">
        <div>
          <section class="card" aria-labelledby="matter">
            <h2 id="matter">${t('review.topic.matter')}</h2>
            ${topic.details ? html`<p class="details">${topic.details}</p>` : html`<p class="muted">${t('review.topic.no_details')}</p>`}
            <dl>
              <dt>${t('review.col.category')}</dt>
              <dd>${topic.category}</dd>
              <dt>${t('review.topic.location')}</dt>
              <dd>${topic.location || '—'}</dd>
              <dt>${t('review.col.organisation')}</dt>
              <dd>${topic.organisationName}</dd>
              <dt>${t('review.topic.receipt')}</dt>
              <dd>${formatReceipt(topic.receipt)}</dd>
              <dt>${t('review.col.submitted')}</dt>
              <dd>${formatDateTime(topic.submittedAt)}</dd>
              <dt>${t('review.topic.submitter')}</dt>
              <dd data-test="topic-submitter">
                ${
                  topic.anonymous
                    ? t('review.topic.anonymous')
                    : [topic.submitterName, topic.submitterPhone].filter(Boolean).join(' · ') || '—'
                }
              </dd>
              <dt>${t('review.col.cosigns')}</dt>
              <dd data-test="topic-cosigns">
                ${t('cosign.summary', { count: topic.cosignCount, verified: topic.verifiedCosignCount })}
              </dd>
              <dt>${t('review.col.owner')}</dt>
              <dd>${topic.ownerName ?? '—'}</dd>
            </dl>
            ${
              ['accepted', ...OPEN_STATUSES].includes(topic.status)
                ? html`<yishi-desk-cosign
                    .topicId=${topic.id}
                    @cosign-recorded=${() => this.load()}
                  ></yishi-desk-cosign>`
                : nothing
            }
            ${
              topic.photoIds.length
                ? html`<h3>${t('review.topic.photos')}</h3>
                    <div class="photos" data-test="topic-photos">
                      ${topic.photoIds.map(
                        (pid, i) =>
                          html`<a href=${topicPhotoUrl(topic.id, pid)} target="_blank" rel="noopener">
                            <img src=${topicPhotoUrl(topic.id, pid)} alt=${t('review.topic.photo', { n: i + 1 })} />
                          </a>`,
                      )}
                    </div>`
                : nothing
            }
          </section>
          ${this.actions(topic)}
        </div>
        <section class="card" aria-labelledby="history">
          <h2 id="history">${t('review.topic.timeline')}</h2>
          <yishi-public-timeline .entries=${topic.timeline}></yishi-public-timeline>
        </section>
      </div>`;
  }

  override render() {
    return html`<p><a href="/review">${t('review.topic.back')}</a></p>
      <div role="alert" class="error" data-test="topic-error">${this.error}</div>
      <div role="status" data-test="topic-done">${this.done}</div>
      ${
        this.topic ? this.topicView(this.topic) : this.error ? nothing : html`<p role="status">${t('app.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-topic-page': TopicPage;
  }
}
