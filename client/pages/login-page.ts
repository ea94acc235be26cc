import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { FieldError } from '../data/api.js';
import { errorMessage } from '../data/api.js';
import { login } from '../data/session.js';
import { describedBy, fieldError, focusFirstInvalid, invalid, invalidFields } from '../forms/validity.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary Staff login. On success the session store changes and the router moves on to
 * `?next=` (or home); on failure the server's translated message is announced.
 */
@customElement('yishi-login-page')
export class LoginPage extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        max-width: 28rem;
        margin: 1rem auto;
      }
      input {
        max-width: none;
      }
      button[type='submit'] {
        width: 100%;
        margin-top: 1.25rem;
      }
      .tagline {
        margin-top: -0.5rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private error = '';
  @state() private busy = false;
  @state() private problems: FieldError[] = [];
  @query('form') private form!: HTMLFormElement;
  @query('#password') private password!: HTMLInputElement;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.problems = invalidFields(this.form);
    if (this.problems.length) return focusFirstInvalid(this.form, this.problems);
    const data = new FormData(this.form);
    this.busy = true;
    this.error = '';
    try {
      await login(String(data.get('username')).trim(), String(data.get('password')));
    } catch (err) {
      this.error = errorMessage(err);
      this.password.value = '';
      this.password.focus();
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const p = this.problems;
    return html`<form
      class="card"
      novalidate
      @submit=${this.submit}
      aria-labelledby="login-title"
      data-test="login-form"
    >
      <h1 id="login-title">${t('login.title')}</h1>
      <p class="muted tagline">${t('app.tagline')}</p>
      <label for="username">${t('login.username')}</label>
      <input
        id="username"
        name="username"
        autocomplete="username"
        autocapitalize="none"
        spellcheck="false"
        required
        maxlength="64"
        aria-describedby=${describedBy(p, 'username')}
        aria-invalid=${invalid(p, 'username')}
        data-test="login-username"
      />
      ${fieldError(p, 'username')}
      <label for="password">${t('login.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        maxlength="256"
        aria-describedby=${describedBy(p, 'password')}
        aria-invalid=${invalid(p, 'password')}
        data-test="login-password"
      />
      ${fieldError(p, 'password')}
      <div role="alert" class="error" data-test="login-error">${this.error}</div>
      <button type="submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'} data-test="login-submit">
        ${this.busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-login-page': LoginPage;
  }
}
