import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import {
  DETAILS_MAX,
  LOCATION_MAX,
  MOBILE_PATTERN,
  NAME_MAX,
  TITLE_MAX,
  TITLE_MIN,
} from '../../shared/rules/intake.js';
import type { IntakeInfo, SubmitTopicResult } from '../../shared/schemas/intake.js';
import type { SubmitTopicBody } from '../../shared/schemas/intake-form.js';
import { fieldProblems } from '../../shared/schemas/problems.js';
import { ApiError, errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import {
  clearDraft,
  emptyDraft,
  keepReceipt,
  loadDraft,
  newIdempotencyKey,
  saveDraft,
  type Draft,
} from '../data/drafts.js';
import { getIntake, submitTopic } from '../data/intake.js';
import { fromDataUrl } from '../forms/downscale.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import type { PhotosChangeEvent } from '../components/photo-picker.js';
import type { EarlyInput } from '../resident/early-input.js';
import '../components/kept-receipts.js';
import '../components/photo-picker.js';
import '../components/receipt-card.js';
import '../components/similar-topics.js';

/**
 * The server's own schema (zod/mini, ~6 KB gzipped) is fetched once the resident starts typing,
 * not with the page: the form must accept input as early as possible on a slow connection, and
 * the schema is needed only at "submit". If it cannot load (offline), the browser's constraints
 * still check the form and the server checks again.
 */
let formSchema: Promise<typeof import('../../shared/schemas/intake-form.js') | null> | null = null;
const loadFormSchema = () => (formSchema ??= import('../../shared/schemas/intake-form.js').catch(() => null));

/** Seconds before each automatic retry; the last repeats while the page stays open. */
const BACKOFF_S = [3, 6, 12, 20, 30];

type Phase = 'form' | 'sending' | 'waiting' | 'done';

/** A failure worth retrying by itself: the network, an overloaded or restarting server, a rate limit. */
const retryable = (err: unknown) =>
  err instanceof ApiError && (err.code === 'network' || err.status >= 500 || err.status === 429);

/**
 * @summary The resident's form at /p/<code> (码上议): title, category, details, place, grid,
 * photos, optional name and mobile or anonymous. Validated by the browser's constraints and by
 * the server's own schema (shared/schemas/intake-form.ts) before sending. The draft is saved on
 * the phone as they type; a failed submission says so plainly and retries by itself with the same
 * Idempotency-Key, so exactly one topic results. Ends on the receipt.
 */
@customElement('yishi-intake-page')
export class IntakePage extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      h1 {
        margin-top: 0.5rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        min-width: 0;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 48px;
        font-weight: 600;
      }
      .check input {
        width: 28px;
        height: 28px;
        min-height: 0;
        flex: none;
      }
      .trap {
        position: absolute;
        left: -10000px;
        width: 1px;
        height: 1px;
        overflow: hidden;
      }
      .optional {
        font-weight: 400;
        color: #4a545e;
      }
      progress {
        width: 100%;
        height: 1rem;
      }
      .privacy {
        background: #fff;
        border-left: 4px solid #0b57a4;
        padding: 0.5rem 0.75rem;
        margin: 1.25rem 0 0;
      }
    `,
  ];

  private readonly i18n = new LocaleController(this);
  /** The intake code from the URL. */
  @property() code = '';
  /** What was typed into the shell's title field before this page rendered (taken over once). */
  @property({ attribute: false }) early: EarlyInput | null = null;
  @state() private info: IntakeInfo | null = null;
  @state() private infoError = '';
  @state() private draft: Draft = emptyDraft();
  @state() private restored = false;
  @state() private photosNotKept = false;
  @state() private problems: FieldError[] = [];
  @state() private error = '';
  @state() private phase: Phase = 'form';
  @state() private progress = 0;
  @state() private countdown = 0;
  @state() private result: SubmitTopicResult | null = null;
  /** Discarding a draft asks once more: it throws away what an elderly resident may have typed slowly. */
  @state() private confirmDiscard = false;
  @query('form') private form!: HTMLFormElement;
  private attempts = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly onOnline = () => {
    if (this.phase === 'waiting') void this.send();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = loadDraft(this.code);
    if (saved && (saved.title || saved.details || saved.photos.length || saved.idempotencyKey)) {
      this.draft = saved;
      this.restored = true;
    }
    if (this.early?.title) this.change({ title: this.early.title });
    window.addEventListener('online', this.onOnline);
    void this.loadInfo();
  }

  override firstUpdated(): void {
    if (!this.early?.focused) return;
    const title = this.renderRoot.querySelector<HTMLInputElement>('#title');
    title?.focus();
    const caret = this.early.caret ?? title?.value.length ?? 0;
    title?.setSelectionRange(caret, caret);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    window.removeEventListener('online', this.onOnline);
  }

  private async loadInfo(): Promise<void> {
    this.infoError = '';
    try {
      this.info = await getIntake(this.code);
    } catch (err) {
      this.infoError = errorMessage(err);
    }
  }

  /** Every keystroke lands in the draft on the phone. */
  private change(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    const { photosKept } = saveDraft(this.code, this.draft);
    this.photosNotKept = !photosKept;
  }

  private input(name: keyof Draft) {
    return (e: Event) => {
      void loadFormSchema();
      const el = e.target as HTMLInputElement;
      if (name === 'anonymous') this.change({ anonymous: el.checked });
      else if (name === 'gridId') this.change({ gridId: el.value ? Number(el.value) : null });
      else this.change({ [name]: el.value } as Partial<Draft>);
    };
  }

  private body(): SubmitTopicBody {
    const d = this.draft;
    const website = (this.form.elements.namedItem('website') as HTMLInputElement | null)?.value ?? '';
    return {
      title: d.title.trim(),
      details: d.details.trim(),
      category: d.category,
      location: d.location.trim(),
      gridId: d.gridId,
      name: d.anonymous ? '' : d.name.trim(),
      phone: d.anonymous ? '' : d.phone.trim(),
      anonymous: d.anonymous,
      website,
    };
  }

  /**
   * The browser's constraint validation, then the server's schema (which also catches what the
   * browser skips: `minlength` is not checked on values set by script, as a restored draft is);
   * one message per field, in the order of the form.
   */
  private async validate(): Promise<FieldError[]> {
    const problems = invalidFields(this.form);
    const schema = await loadFormSchema();
    const parsed = schema?.SubmitTopicBody.safeParse(this.body());
    if (parsed && !parsed.success) {
      for (const p of fieldProblems(parsed.error)) {
        if (!problems.some((q) => q.path === p.path)) problems.push({ path: p.path, message: t(p.key, p.params) });
      }
    }
    const order = Array.from(this.form.elements).map((el) => (el as HTMLInputElement).name);
    const position = (path: string) => (order.includes(path) ? order.indexOf(path) : order.length);
    return problems.sort((a, b) => position(a.path) - position(b.path));
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.phase !== 'form') return;
    this.error = '';
    this.problems = await this.validate();
    if (this.problems.length) {
      this.error = t('resident.form.check');
      await this.updateComplete;
      return focusFirstInvalid(this.form, this.problems);
    }
    // Fixed before the first attempt and kept until the server answers: every retry is the same submission.
    if (!this.draft.idempotencyKey) this.change({ idempotencyKey: newIdempotencyKey() });
    this.attempts = 0;
    await this.send();
  }

  private async send(): Promise<void> {
    clearInterval(this.timer);
    this.phase = 'sending';
    this.progress = 0;
    const key = this.draft.idempotencyKey ?? newIdempotencyKey();
    try {
      const result = await submitTopic(this.code, this.body(), this.draft.photos.map(fromDataUrl), key, (p) => {
        this.progress = p;
      });
      keepReceipt({ receipt: result.receipt, title: this.draft.title.trim(), at: new Date().toISOString() });
      clearDraft(this.code);
      this.result = result;
      this.phase = 'done';
      this.restored = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
    } catch (err) {
      if (retryable(err)) return this.wait(err);
      this.phase = 'form';
      this.error = errorMessage(err);
      this.problems = fieldErrors(err);
      await this.updateComplete;
      focusFirstInvalid(this.form, this.problems);
    }
  }

  /** Counts down to the next automatic attempt, which also starts at once when the phone is back online. */
  private wait(err: unknown): void {
    this.phase = 'waiting';
    this.error = err instanceof ApiError && err.status === 429 ? errorMessage(err) : '';
    this.countdown = BACKOFF_S[Math.min(this.attempts++, BACKOFF_S.length - 1)]!;
    this.timer = setInterval(() => {
      if (--this.countdown <= 0) void this.send();
    }, 1000);
  }

  private startOver(): void {
    this.confirmDiscard = false;
    clearDraft(this.code);
    this.draft = emptyDraft();
    this.result = null;
    this.restored = false;
    this.problems = [];
    this.error = '';
    this.phase = 'form';
  }

  private field(name: string, label: string, control: unknown, optional = false, hint = '') {
    const hintId = hint ? `hint-${name}` : '';
    return html`<label for=${name}>
        ${label}${optional ? html` <span class="optional">${t('resident.form.optional')}</span>` : nothing}
      </label>
      ${hint ? html`<p class="hint" id=${hintId}>${hint}</p>` : nothing} ${control} ${fieldError(this.problems, name)}`;
  }

  private statusBanner() {
    if (this.phase === 'sending') {
      return html`<div class="notice" role="status" data-test="sending">
        <p>${t(this.draft.photos.length ? 'resident.send.uploading' : 'resident.send.sending')}</p>
        ${this.draft.photos.length ? html`<progress max="1" .value=${this.progress}></progress>` : nothing}
      </div>`;
    }
    if (this.phase === 'waiting') {
      return html`<div class="notice warn" role="alert" data-test="send-failed">
        <p><strong>${t('resident.send.failed')}</strong></p>
        <p>${this.error || t('resident.send.kept')}</p>
        <p>${t('resident.send.retry_in', { seconds: this.countdown })}</p>
        <button type="button" data-test="retry-now" @click=${() => this.send()}>${t('resident.retry')}</button>
      </div>`;
    }
    return nothing;
  }

  private formTemplate(info: IntakeInfo | null) {
    const d = this.draft;
    const p = this.problems;
    const locked = this.phase !== 'form';
    return html`<form novalidate @submit=${this.submit} aria-labelledby="intake-title" data-test="intake-form">
      <fieldset ?disabled=${locked}>
        ${this.field(
          'title',
          t('resident.form.title'),
          html`<input
            id="title"
            name="title"
            required
            minlength=${TITLE_MIN}
            maxlength=${TITLE_MAX}
            autocomplete="off"
            .value=${d.title}
            aria-describedby=${describedBy(p, 'title', 'hint-title')}
            aria-invalid=${invalid(p, 'title')}
            data-test="intake-title"
            @input=${this.input('title')}
          />`,
          false,
          t('resident.form.title_hint', { min: TITLE_MIN, max: TITLE_MAX }),
        )}
        <yishi-similar-topics
          code=${this.code}
          .query=${d.title}
          phone=${!d.anonymous && new RegExp(MOBILE_PATTERN).test(d.phone) ? d.phone : ''}
        ></yishi-similar-topics>
        ${this.field(
          'category',
          t('resident.form.category'),
          html`<select
            id="category"
            name="category"
            required
            ?disabled=${!info}
            aria-describedby=${describedBy(p, 'category')}
            aria-invalid=${invalid(p, 'category')}
            data-test="intake-category"
            @change=${this.input('category')}
          >
            <option value="" ?selected=${!d.category}>
              ${info ? t('resident.form.choose') : t('resident.loading')}
            </option>
            ${(info?.categories ?? []).map((c) => html`<option value=${c} ?selected=${c === d.category}>${c}</option>`)}
          </select>`,
        )}
        ${this.field(
          'details',
          t('resident.form.details'),
          html`<textarea
            id="details"
            name="details"
            maxlength=${DETAILS_MAX}
            .value=${d.details}
            aria-describedby=${describedBy(p, 'details', 'hint-details')}
            aria-invalid=${invalid(p, 'details')}
            data-test="intake-details"
            @input=${this.input('details')}
          ></textarea>`,
          true,
          t('resident.form.details_hint', { max: DETAILS_MAX }),
        )}
        ${this.field(
          'location',
          t('resident.form.location'),
          html`<input
            id="location"
            name="location"
            maxlength=${LOCATION_MAX}
            .value=${d.location}
            aria-describedby=${describedBy(p, 'location')}
            aria-invalid=${invalid(p, 'location')}
            data-test="intake-location"
            @input=${this.input('location')}
          />`,
          true,
        )}
        ${
          info?.grids.length
            ? this.field(
                'gridId',
                t('resident.form.grid'),
                html`<select id="gridId" name="gridId" data-test="intake-grid" @change=${this.input('gridId')}>
                  <option value="" ?selected=${d.gridId === null}>${t('resident.form.grid_unknown')}</option>
                  ${info.grids.map(
                    (g) => html`<option value=${g.id} ?selected=${g.id === d.gridId}>${g.name}</option>`,
                  )}
                </select>`,
                true,
              )
            : nothing
        }
        <p class="label-like">
          <strong>${t('resident.form.photos')}</strong> <span class="optional">${t('resident.form.optional')}</span>
        </p>
        <yishi-photo-picker
          .photos=${d.photos}
          ?disabled=${locked}
          @photos-change=${(e: PhotosChangeEvent) => this.change({ photos: e.photos })}
        ></yishi-photo-picker>
        ${this.photosNotKept ? html`<p class="hint">${t('resident.draft.photos_not_kept')}</p>` : nothing}
        <label class="check">
          <input
            type="checkbox"
            name="anonymous"
            .checked=${d.anonymous}
            data-test="intake-anonymous"
            @change=${this.input('anonymous')}
          />
          ${t('resident.form.anonymous')}
        </label>
        ${
          d.anonymous
            ? html`<p class="hint">${t('resident.form.anonymous_hint')}</p>`
            : html`${this.field(
                'name',
                t('resident.form.name'),
                html`<input
                  id="name"
                  name="name"
                  maxlength=${NAME_MAX}
                  autocomplete="name"
                  .value=${d.name}
                  aria-describedby=${describedBy(p, 'name')}
                  aria-invalid=${invalid(p, 'name')}
                  data-test="intake-name"
                  @input=${this.input('name')}
                />`,
                true,
              )}
              ${this.field(
                'phone',
                t('resident.form.phone'),
                html`<input
                  id="phone"
                  name="phone"
                  type="tel"
                  inputmode="numeric"
                  autocomplete="tel"
                  maxlength="11"
                  pattern=${MOBILE_PATTERN}
                  data-pattern-message="field.invalid_mobile"
                  .value=${d.phone}
                  aria-describedby=${describedBy(p, 'phone', 'hint-phone')}
                  aria-invalid=${invalid(p, 'phone')}
                  data-test="intake-phone"
                  @input=${this.input('phone')}
                />`,
                true,
                t('resident.form.phone_hint'),
              )}`
        }
        <div class="trap" aria-hidden="true">
          <label for="website">${t('resident.form.trap')}</label>
          <input id="website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        <p class="privacy" data-test="privacy">${t('resident.privacy')}</p>
      </fieldset>
      <div role="alert" class="error" data-test="intake-error">${this.phase === 'form' ? this.error : ''}</div>
      ${this.statusBanner()}
      <button type="submit" class="primary" ?disabled=${locked || !info} data-test="intake-submit">
        ${this.phase === 'form' ? t('resident.form.submit') : t('resident.send.sending')}
      </button>
    </form>`;
  }

  override render() {
    if (this.infoError) {
      return html`<h1 id="intake-title">${t('resident.title.intake')}</h1>
        <p role="alert" class="error" data-test="intake-unavailable">${this.infoError}</p>
        <button type="button" @click=${() => this.loadInfo()}>${t('resident.retry')}</button>
        <yishi-kept-receipts></yishi-kept-receipts>`;
    }
    if (this.phase === 'done' && this.result) {
      return html`<h1 tabindex="-1">${t('resident.receipt.heading')}</h1>
        <yishi-receipt-card
          .result=${this.result}
          code=${this.code}
          @new-topic=${this.startOver}
        ></yishi-receipt-card>`;
    }
    const info = this.info;
    return html`<h1 id="intake-title">
        ${info ? t('resident.intake.heading', { organisation: info.organisationName }) : t('resident.title.intake')}
      </h1>
      <p>${t('resident.intake.intro')}</p>
      ${
        this.restored
          ? html`<div class="notice ok" data-test="draft-restored">
              <p>${t(this.draft.idempotencyKey ? 'resident.draft.unsent' : 'resident.draft.restored')}</p>
              ${
                this.confirmDiscard
                  ? html`<p>${t('resident.draft.discard_confirm')}</p>
                      <div class="row">
                        <button type="button" class="danger" data-test="discard-yes" @click=${this.startOver}>
                          ${t('resident.draft.discard')}
                        </button>
                        <button type="button" class="secondary" @click=${() => (this.confirmDiscard = false)}>
                          ${t('resident.cancel')}
                        </button>
                      </div>`
                  : html`<button
                      type="button"
                      class="secondary"
                      ?disabled=${this.phase !== 'form'}
                      data-test="discard"
                      @click=${() => (this.confirmDiscard = true)}
                    >
                      ${t('resident.draft.discard')}
                    </button>`
              }
            </div>`
          : nothing
      }
      ${this.formTemplate(info)}
      <p><a href="/p/${this.code}/topics" data-test="topics-link">${t('resident.intake.see_topics')}</a></p>
      ${
        info?.boardCode
          ? html`<p><a href="/b/${info.boardCode}" data-test="board-link">${t('resident.board_link')}</a></p>`
          : nothing
      }
      <yishi-kept-receipts></yishi-kept-receipts>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-intake-page': IntakePage;
  }
}
