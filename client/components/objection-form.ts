import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MOBILE_PATTERN, formatReceipt } from '../../shared/rules/intake.js';
import { OBJECTION_NAME_MAX, OBJECTION_TEXT_MAX, OBJECTION_TEXT_MIN } from '../../shared/rules/procedure.js';
import type { ObjectionReceipt, PublicTimeline } from '../../shared/schemas/procedure.js';
import { errorMessage } from '../data/api.js';
import { randomId } from '../data/device.js';
import { keepObjection, raiseObjection } from '../data/objections.js';
import { formatDate } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';

/**
 * @summary A resident's objection (异议) to one major matter on display: says what it is about
 * (the matter, which publication, until when, what was published), takes the text and an
 * optional name and phone (the phone is seen only by village staff), and shows the receipt code
 * to follow the answer by. The same submission retried after a lost answer keeps its receipt.
 *
 * @event objection-sent - after the server stored it; `detail` is the receipt.
 */
@customElement('yishi-objection-form')
export class ObjectionForm extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      .published {
        white-space: pre-wrap;
        max-height: 12rem;
        overflow: auto;
        border-left: 4px solid #c4cad0;
        padding-left: 0.75rem;
      }
      .trap {
        position: absolute;
        left: -10000px;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property() code = '';
  @property({ attribute: false }) matter: PublicTimeline | null = null;
  @state() private sent: ObjectionReceipt | null = null;
  @state() private sending = false;
  @state() private error = '';
  /** One key per objection being written: a retry of the same one is recognised by the server. */
  private idempotencyKey = randomId();

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const m = this.matter;
    if (!m || this.sending) return;
    const d = new FormData(e.target as HTMLFormElement);
    const text = String(d.get('text') ?? '').trim();
    const name = String(d.get('name') ?? '').trim();
    const phone = String(d.get('phone') ?? '').trim();
    if (text.length < OBJECTION_TEXT_MIN) return void (this.error = t('procedure.resident.error.text'));
    if (phone && !new RegExp(MOBILE_PATTERN).test(phone))
      return void (this.error = t('procedure.resident.error.phone'));
    this.error = '';
    this.sending = true;
    try {
      this.sent = await raiseObjection(
        this.code,
        {
          procedureId: m.id,
          text,
          ...(name ? { name } : {}),
          ...(phone ? { phone } : {}),
          website: String(d.get('website') ?? ''),
        },
        this.idempotencyKey,
      );
      keepObjection({ receipt: this.sent.receipt, title: m.title });
      this.dispatchEvent(new CustomEvent('objection-sent', { detail: this.sent, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.sending = false;
    }
  }

  private about(m: PublicTimeline) {
    const pub = m.publications.find((p) => p.status === 'on_display');
    return html`<p>${t('procedure.resident.about')}</p>
      <h2 data-test="objection-matter">${m.title}</h2>
      <p class="hint">
        ${t(`procedure.kind.${m.kind}`)}
        ${pub ? html` · ${t(`procedure.publication.${pub.kind}`)} · ${t('procedure.resident.until', { date: formatDate(pub.endsAt) })}` : nothing}
      </p>
      ${
        pub?.text
          ? html`<details>
              <summary>${t('procedure.resident.published_text')}</summary>
              <div class="published">${pub.text}</div>
            </details>`
          : nothing
      }`;
  }

  override render() {
    const m = this.matter;
    if (!m) return nothing;
    if (this.sent)
      return html`<section class="notice ok" role="status" data-test="objection-sent">
        <p>${t('procedure.resident.sent')}</p>
        <p>${t('procedure.resident.receipt')}</p>
        <p class="big-code" data-test="objection-receipt">${formatReceipt(this.sent.receipt)}</p>
        <p>${t('procedure.resident.keep')}</p>
        <p><a href="/o/${this.sent.receipt}" data-test="objection-follow">${t('procedure.resident.follow')}</a></p>
      </section>`;
    return html`<form class="card" novalidate @submit=${this.submit} data-test="objection-form">
      ${this.about(m)}
      <label for="text">${t('procedure.resident.text')}</label>
      <textarea
        id="text"
        name="text"
        required
        minlength=${OBJECTION_TEXT_MIN}
        maxlength=${OBJECTION_TEXT_MAX}
        aria-describedby="text-hint"
      ></textarea>
      <p class="hint" id="text-hint">${t('procedure.resident.text_hint')}</p>
      <label for="name">${t('procedure.resident.name')}</label>
      <input id="name" name="name" maxlength=${OBJECTION_NAME_MAX} autocomplete="name" />
      <label for="phone">${t('procedure.resident.phone')}</label>
      <input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="11" autocomplete="tel" />
      <div class="trap" aria-hidden="true">
        <label for="website">${t('resident.form.trap')}</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      <div role="alert" class="error" data-test="objection-error">${this.error}</div>
      <button type="submit" class="primary" ?disabled=${this.sending} data-test="objection-submit">
        ${this.sending ? t('procedure.resident.sending') : t('procedure.resident.submit')}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-objection-form': ObjectionForm;
  }
}
