import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE } from '../../shared/rules/password-strength-limits.js';
import { errorMessage, fieldErrors, type FieldError } from '../data/api.js';
import { changePassword, SessionController } from '../data/session.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

type Strength = typeof import('../../shared/rules/password-strength.js');
/** zxcvbn and its dictionaries (a few hundred KB): fetched once someone types a new password. */
let strength: Promise<Strength> | null = null;
const loadStrength = () => (strength ??= import('../../shared/rules/password-strength.js'));

/**
 * @summary Change my own password. The hint states the rule the server enforces (length and a
 * zxcvbn score); a meter shows the score as the person types, with zxcvbn loaded on first input.
 * The server is the authority: its field errors are shown under the fields.
 */
@customElement('yishi-password-page')
export class PasswordPage extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        max-width: 32rem;
      }
      input {
        max-width: none;
      }
      meter {
        width: 100%;
        height: 0.75rem;
      }
      .saved {
        color: var(--ok, #1a7f37);
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private problems: FieldError[] = [];
  @state() private error = '';
  @state() private busy = false;
  @state() private saved = false;
  @state() private score: number | null = null;
  @query('form') private form!: HTMLFormElement;

  private async measure(e: InputEvent): Promise<void> {
    const input = e.target as HTMLInputElement;
    const { passwordScore } = await loadStrength();
    const user = this.session.user;
    // The input may have changed while zxcvbn loaded: score what is there now.
    this.score = input.value ? passwordScore(input.value, [user?.username ?? '', user?.displayName ?? '']) : null;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.saved = false;
    this.error = '';
    const data = new FormData(this.form);
    const newPassword = String(data.get('newPassword'));
    this.problems = invalidFields(this.form);
    if (!this.problems.length && newPassword !== String(data.get('repeatPassword')))
      this.problems = [{ path: 'repeatPassword', message: t('password.mismatch') }];
    if (this.problems.length) return focusFirstInvalid(this.form, this.problems);
    this.busy = true;
    try {
      await changePassword(String(data.get('currentPassword')), newPassword);
      this.form.reset();
      this.score = null;
      this.saved = true;
    } catch (err) {
      this.problems = fieldErrors(err);
      this.error = this.problems.length ? '' : errorMessage(err);
      if (this.problems.length) focusFirstInvalid(this.form, this.problems);
    } finally {
      this.busy = false;
    }
  }

  private meter() {
    if (this.score === null) return nothing;
    return html`<meter
        min="0"
        max="4"
        low=${MIN_PASSWORD_SCORE}
        high="4"
        optimum="4"
        .value=${this.score}
        aria-labelledby="strength"
        data-test="password-meter"
      ></meter>
      <p id="strength" aria-live="polite" data-test="password-strength">
        ${t('password.strength', { label: t(`password.strength.${this.score}`) })}
      </p>`;
  }

  override render() {
    const p = this.problems;
    return html`<form class="card" novalidate @submit=${this.submit} aria-labelledby="title" data-test="password-form">
      <h1 id="title">${t('password.title')}</h1>
      <input type="text" name="username" autocomplete="username" .value=${this.session.user?.username ?? ''} hidden />
      <label for="currentPassword">${t('password.current')}</label>
      <input
        id="currentPassword"
        name="currentPassword"
        type="password"
        autocomplete="current-password"
        required
        maxlength="256"
        aria-describedby=${describedBy(p, 'currentPassword')}
        aria-invalid=${invalid(p, 'currentPassword')}
      />
      ${fieldError(p, 'currentPassword')}
      <label for="newPassword">${t('password.new')}</label>
      <p class="muted" id="password-hint" data-test="password-hint">
        ${t('password.hint', { min: MIN_PASSWORD_LENGTH, score: MIN_PASSWORD_SCORE })}
      </p>
      <input
        id="newPassword"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        minlength=${MIN_PASSWORD_LENGTH}
        maxlength="256"
        aria-describedby=${describedBy(p, 'newPassword', 'password-hint')}
        aria-invalid=${invalid(p, 'newPassword')}
        @input=${this.measure}
        data-test="new-password"
      />
      ${this.meter()} ${fieldError(p, 'newPassword')}
      <label for="repeatPassword">${t('password.repeat')}</label>
      <input
        id="repeatPassword"
        name="repeatPassword"
        type="password"
        autocomplete="new-password"
        required
        maxlength="256"
        aria-describedby=${describedBy(p, 'repeatPassword')}
        aria-invalid=${invalid(p, 'repeatPassword')}
      />
      ${fieldError(p, 'repeatPassword')}
      <div role="alert" class="error">${this.error}</div>
      <p role="status" class="saved" data-test="password-saved">${this.saved ? t('password.saved') : ''}</p>
      <button type="submit" ?disabled=${this.busy} data-test="password-submit">
        ${this.busy ? t('password.saving') : t('password.submit')}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-password-page': PasswordPage;
  }
}
