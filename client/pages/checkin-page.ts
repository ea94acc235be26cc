import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CheckedIn, CheckinList } from '../../shared/schemas/meeting.js';
import { navigate } from '../app/router.js';
import { ApiError, errorMessage } from '../data/api.js';
import { checkInAs, checkinStatus, storedPasses } from '../data/checkin.js';
import { checkinList } from '../data/meetings.js';
import { SessionController } from '../data/session.js';
import { LocaleController, t } from '../i18n/index.js';
import { phone } from '../styles/phone.js';
import { shared } from '../styles/shared.js';
import '../components/lang-switch.js';

/** How often a phone waiting for the desk asks whether it has decided. */
const POLL_MS = 3000;

/**
 * @summary Check-in from the projector's QR (`/m/<id>/checkin?c=<code>`). A phone holding a
 * personal pass (参会证, kept by `/pass/<token>`) checks that person in at once; otherwise the
 * participant picks their name, which asks the desk (签到台) to confirm it (a logged-in staff
 * member only confirms theirs), and the page waits for the decision before following the
 * meeting. An expired code says so and asks for a fresh scan; without a code, the short code on
 * the screen can be typed in. The list shows names only: who has arrived is the desk's business.
 */
@customElement('yishi-checkin-page')
export class CheckinPage extends LitElement {
  static override styles = [
    shared,
    phone,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.5rem;
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 56px;
        padding: 0.5rem 0.75rem;
        border: 2px solid #5b6670;
        border-radius: 8px;
        font-weight: 400;
        margin: 0;
        background: #fff;
      }
      .choice input {
        width: 28px;
        min-height: 28px;
        height: 28px;
        margin: 0;
      }
      .choice:has(input:checked) {
        border-color: #0b57a4;
        background: #e8f0fb;
      }
      .confirm {
        font-size: 1.3rem;
        width: 100%;
        max-width: 32rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private list: CheckinList | null = null;
  @state() private code = '';
  @state() private error = '';
  @state() private expired = false;
  @state() private filter = '';
  @state() private chosen: number | null = null;
  @state() private busy = false;
  @state() private pending: Extract<CheckedIn, { status: 'pending' }> | null = null;
  @state() private rejected = false;
  private started = false;
  private poll: ReturnType<typeof setTimeout> | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.poll) clearTimeout(this.poll);
  }

  private get meetingId(): number {
    return Number(this.params.id);
  }

  /** Loads on the first update: `params` from the shell is only restored by Lit then. */
  override willUpdate(): void {
    if (this.started) return;
    this.started = true;
    const code = new URL(location.href).searchParams.get('c') ?? '';
    if (code) void this.load(code);
  }

  private async load(code: string): Promise<void> {
    this.code = code.trim().toUpperCase();
    this.error = '';
    this.expired = false;
    this.busy = true;
    try {
      if (await this.withPass()) return;
      this.list = await checkinList(this.meetingId, this.code);
      this.chosen = this.list.mine;
    } catch (err) {
      this.list = null;
      this.error = errorMessage(err);
      this.expired = err instanceof ApiError && err.code === 'forbidden';
    } finally {
      this.busy = false;
    }
  }

  /** Tries the passes kept on this phone; true when one settled the check-in. */
  private async withPass(): Promise<boolean> {
    for (const pass of storedPasses()) {
      try {
        this.settle(await checkInAs(this.meetingId, this.code, { pass: pass.token }));
        return true;
      } catch (err) {
        // A pass of another body (or a replaced one) is simply not this meeting's: try the next.
        // An expired code is refused the same way, and the list below then says so.
        if (err instanceof ApiError && err.code === 'forbidden') continue;
        throw err;
      }
    }
    return false;
  }

  /** Checked in: follow the meeting. Waiting: ask the desk's decision until it comes. */
  private settle(result: CheckedIn): void {
    if (result.status === 'checked_in') {
      navigate(`/m/${this.meetingId}?invite=${encodeURIComponent(result.participantToken)}`, { replace: true });
      return;
    }
    this.pending = result;
    this.schedulePoll();
  }

  private schedulePoll(): void {
    this.poll = setTimeout(() => void this.ask(), POLL_MS);
  }

  private async ask(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    try {
      const status = await checkinStatus(this.meetingId, pending.requestToken);
      if (status.state === 'confirmed') {
        // The desk confirmed: the secret this phone has held all along is now its pass.
        navigate(`/m/${this.meetingId}?invite=${encodeURIComponent(pending.requestToken)}`, { replace: true });
        return;
      }
      if (status.state !== 'pending') {
        this.pending = null;
        this.rejected = true;
        return;
      }
    } catch {
      // A weak signal: keep asking.
    }
    this.schedulePoll();
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.chosen === null) {
      this.error = t('checkin.choose_first');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      this.settle(await checkInAs(this.meetingId, this.code, { inviteeId: this.chosen }));
    } catch (err) {
      this.error = errorMessage(err);
      // Refused with a valid choice: the code expired meanwhile (staff names refuse another login).
      const staff = this.list?.invitees.find((i) => i.id === this.chosen)?.staff ?? false;
      this.expired = err instanceof ApiError && err.code === 'forbidden' && !staff;
    } finally {
      this.busy = false;
    }
  }

  private typed(e: SubmitEvent): void {
    e.preventDefault();
    const code = String(new FormData(e.target as HTMLFormElement).get('code') ?? '').trim();
    if (code) void this.load(code);
  }

  private codeForm() {
    return html`<form @submit=${this.typed} data-test="checkin-code-form">
      <label for="code">${t('checkin.code_label')}</label>
      <input
        id="code"
        name="code"
        required
        minlength="4"
        maxlength="12"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        data-test="checkin-code"
      />
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('checkin.code_submit')}</button></div>
    </form>`;
  }

  private chooser(list: CheckinList) {
    const user = this.session.user;
    const mine = list.mine !== null ? list.invitees.find((i) => i.id === list.mine) : undefined;
    const q = this.filter.trim();
    const shown = mine ? [mine] : list.invitees.filter((i) => !q || i.name.includes(q));
    const next = encodeURIComponent(location.pathname + location.search);
    return html`<form @submit=${this.confirm} data-test="checkin-form">
      <p>${mine ? t('checkin.confirm_you') : t('checkin.choose')}</p>
      ${
        !mine && list.invitees.length > 8
          ? html`<label for="filter">${t('checkin.filter')}</label>
              <input
                id="filter"
                type="search"
                .value=${this.filter}
                @input=${(e: InputEvent) => (this.filter = (e.target as HTMLInputElement).value)}
              />`
          : nothing
      }
      <fieldset class="card">
        <legend class="visually-hidden">${t('checkin.choose')}</legend>
        <ul>
          ${shown.map(
            (i) =>
              html`<li>
                <label class="choice">
                  <input
                    type="radio"
                    name="invitee"
                    value=${i.id}
                    .checked=${this.chosen === i.id}
                    ?disabled=${i.staff && user === null}
                    @change=${() => (this.chosen = i.id)}
                    data-test="checkin-choice"
                    data-name=${i.name}
                  />
                  <span>${i.name}</span>
                  ${i.staff && !user ? html`<span class="muted">${t('checkin.staff_login')}</span>` : nothing}
                </label>
              </li>`,
          )}
        </ul>
      </fieldset>
      ${!user ? html`<p><a href="/login?next=${next}">${t('checkin.login_link')}</a></p>` : nothing}
      <button class="confirm" type="submit" ?disabled=${this.busy} data-test="checkin-submit">
        ${t('checkin.submit')}
      </button>
    </form>`;
  }

  override render() {
    const list = this.list;
    return html`<header>
        <h1>${list?.title ?? t('checkin.title')}</h1>
        <yishi-lang-switch .signedIn=${!!this.session.user}></yishi-lang-switch>
      </header>
      <div class="body">
        <h2>${t('checkin.title')}</h2>
        <div role="alert" class="error" data-test="checkin-error">${this.error}</div>
        ${this.expired ? html`<p data-test="checkin-expired">${t('checkin.rescan')}</p>` : nothing}
        ${
          this.pending
            ? html`<section class="card" data-test="checkin-pending" role="status">
                <h3>${t('checkin.pending_title')}</h3>
                <p>${t(`checkin.pending_${this.pending.kind}`, { name: this.pending.name })}</p>
              </section>`
            : this.rejected
              ? html`<p class="error" data-test="checkin-rejected">${t('checkin.rejected')}</p>`
              : list
                ? this.chooser(list)
                : this.busy
                  ? html`<p role="status">${t('app.loading')}</p>`
                  : this.codeForm()
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-checkin-page': CheckinPage;
  }
}
