import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { QueueView, StudioView, VisitBody, VisitView } from '../../shared/schemas/reception.js';
import type { ReferralTargets } from '../../shared/schemas/review.js';
import { confirmAction } from '../app/dialogs.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import {
  callNext,
  deskQueue,
  getStudio,
  issueTicket,
  listVisits,
  recordVisit,
  studioQrUrl,
  studioReferralTargets,
  visitToReferral,
  visitToTopic,
} from '../data/reception.js';
import type { ActionSubmitEvent } from '../forms/action-event.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import type { VisitAction } from '../components/visit-card.js';
import type { VisitForm } from '../components/visit-form.js';
import '../components/visit-card.js';
import '../components/visit-form.js';
import type { RouteParams } from '../app/router.js';

const POLL_MS = 5_000;

/**
 * @summary The representative's desk on reception day (/reception/:ref): the number being called
 * and how many wait (refreshed every five seconds), "call next", a number for a visitor without a
 * phone, the visit record form, and today's visits — each can become an accepted topic or a
 * referral, whose receipt the visitor takes home.
 */
@customElement('yishi-studio-desk-page')
export class StudioDeskPage extends LitElement {
  static override styles = [
    shared,
    css`
      .queue {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 1rem;
        align-items: center;
      }
      .calling {
        font-size: 4rem;
        font-weight: 800;
        line-height: 1;
        margin: 0.25rem 0;
      }
      .qr {
        width: 8rem;
        height: 8rem;
      }
      .handed {
        font-size: 1.3rem;
        font-weight: 700;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  /** Path parameters from the router (/reception/:ref). */
  @property({ attribute: false }) params: RouteParams = {};
  private get ref(): string {
    return this.params.ref ?? '';
  }
  @state() private studio: StudioView | null = null;
  @state() private queue: QueueView | null = null;
  @state() private visits: VisitView[] = [];
  @state() private receipts = new Map<number, string>();
  @state() private targets: ReferralTargets | null = null;
  @state() private handedOut: number | null = null;
  @state() private fields: FieldError[] = [];
  @state() private error = '';
  @state() private done = '';
  @state() private busy = false;
  @query('yishi-visit-form') private visitForm?: VisitForm;
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.refreshQueue(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('params') && this.ref) void this.load();
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      this.studio = await getStudio(Number(this.ref));
      this.queue = await deskQueue(this.studio.code);
      this.visits = await listVisits(this.studio.id, this.queue.day);
    });
  }

  private async refreshQueue(): Promise<void> {
    if (!this.studio || this.busy) return;
    try {
      this.queue = await deskQueue(this.studio.code);
    } catch {
      // The next refresh tries again; actions report their own failures.
    }
  }

  private async attempt(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.done = '';
    try {
      await fn();
    } catch (err) {
      this.error = errorMessage(err);
      this.fields = fieldErrors(err);
    } finally {
      this.busy = false;
    }
  }

  private next(): Promise<void> {
    return this.attempt(async () => {
      this.queue = await callNext(Number(this.ref));
      this.done = this.queue.calling ? t('desk.calling_now', { number: this.queue.calling }) : t('desk.nobody_waiting');
    });
  }

  private handOut(): Promise<void> {
    return this.attempt(async () => {
      this.handedOut = (await issueTicket(Number(this.ref))).number;
      this.queue = await deskQueue(this.studio!.code);
    });
  }

  private async record(e: ActionSubmitEvent): Promise<void> {
    await this.attempt(async () => {
      const visit = await recordVisit(Number(this.ref), e.body as VisitBody);
      this.visits = [visit, ...this.visits];
      this.fields = [];
      this.visitForm?.reset();
      this.done = t('desk.visit.saved');
    });
  }

  private async convert(visit: VisitView, e: ActionSubmitEvent): Promise<void> {
    const action = e.body as VisitAction;
    const question =
      action.kind === 'topic'
        ? t('desk.confirm.to_topic', { matter: visit.matter.slice(0, 40) })
        : t('desk.confirm.refer', { matter: visit.matter.slice(0, 40), to: action.choice.label });
    const label = action.kind === 'topic' ? t('desk.visit.to_topic') : t('desk.visit.refer');
    if (!(await confirmAction(question, label))) return;
    await this.attempt(async () => {
      const result =
        action.kind === 'topic'
          ? await visitToTopic(visit.id)
          : await visitToReferral(visit.id, {
              organisationId: action.choice.organisationId,
              assigneeId: action.choice.assigneeId,
              note: action.choice.note,
            });
      this.receipts = new Map([...this.receipts, [visit.id, result.receipt]]);
      this.visits = this.visits.map((v) => (v.id === visit.id ? { ...v, topicId: result.topicId } : v));
      this.done = t(action.kind === 'topic' ? 'desk.done.topic' : 'desk.done.referred');
    });
  }

  private loadTargets(): void {
    if (this.targets) return;
    studioReferralTargets(Number(this.ref)).then(
      (targets) => (this.targets = targets),
      (err) => (this.error = errorMessage(err)),
    );
  }

  private queuePanel(s: StudioView, q: QueueView | null) {
    return html`<section class="card" aria-labelledby="queue-title" data-test="desk-queue">
      <h2 id="queue-title">${t('desk.queue')}</h2>
      <div class="queue">
        <div>
          <p>${t('desk.calling')}</p>
          <p class="calling" data-test="desk-calling" aria-live="polite">${q?.calling ?? '—'}</p>
          <p data-test="desk-waiting">${t('desk.waiting', { count: q?.waiting ?? 0 })}</p>
        </div>
        <img class="qr" src=${studioQrUrl(s.code)} alt=${t('desk.qr_alt')} />
      </div>
      <div class="row">
        <button ?disabled=${this.busy} data-test="call-next" @click=${this.next}>${t('desk.call_next')}</button>
        <button class="secondary" ?disabled=${this.busy} data-test="hand-out" @click=${this.handOut}>
          ${t('desk.hand_out')}
        </button>
        <a href="/s/${s.code}/screen" target="_blank" rel="noopener">${t('studio.screen')}</a>
      </div>
      ${
        this.handedOut
          ? html`<p class="handed" role="status" data-test="handed-out">
              ${t('desk.handed_out', { number: this.handedOut })}
            </p>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const s = this.studio;
    return html`<p><a href="/reception">${t('desk.back')}</a></p>
      <h1>${s ? t('desk.heading', { name: s.name }) : t('desk.title')}</h1>
      ${s ? html`<p>${s.location}${s.onDuty ? ` · ${t('studio.on_duty_name', { name: s.onDuty })}` : ''}</p>` : nothing}
      <div role="alert" class="error" data-test="desk-error">${this.error}</div>
      <div role="status" data-test="desk-done">${this.done}</div>
      ${
        s
          ? html`${this.queuePanel(s, this.queue)}
              <yishi-visit-form
                .ticketNumber=${this.queue?.calling ?? null}
                .fields=${this.fields}
                ?busy=${this.busy}
                @action-submit=${this.record}
              ></yishi-visit-form>
              <section aria-labelledby="visits-title">
                <h2 id="visits-title">${t('desk.visits_today')}</h2>
                ${
                  this.visits.length
                    ? this.visits.map(
                        (v) =>
                          html`<yishi-visit-card
                            .visit=${v}
                            receipt=${this.receipts.get(v.id) ?? ''}
                            .targets=${this.targets}
                            ?busy=${this.busy}
                            @refer-open=${this.loadTargets}
                            @action-submit=${(e: ActionSubmitEvent) => this.convert(v, e)}
                          ></yishi-visit-card>`,
                      )
                    : html`<p>${t('desk.no_visits')}</p>`
                }
              </section>`
          : this.error
            ? nothing
            : html`<p role="status">${t('app.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-studio-desk-page': StudioDeskPage;
  }
}
