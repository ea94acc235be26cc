import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PassMeeting, PassView } from '../../shared/schemas/checkin.js';
import { navigate } from '../app/router.js';
import { errorMessage } from '../data/api.js';
import { followByPass, forgetPass, keepPass, passView } from '../data/checkin.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { phone } from '../styles/phone.js';
import { shared } from '../styles/shared.js';
import '../components/lang-switch.js';

/**
 * @summary A member's personal link (`/pass/<token>`, sent by SMS or scanned from the printed
 * card): shows whose pass it is and keeps it on this phone, so that scanning the projector's
 * check-in code later checks this person in. While a meeting of the body is live it offers to
 * follow it remotely (members working in the city), saying first whether remote ballots count
 * there. Shows nothing about anyone else.
 */
@customElement('yishi-pass-page')
export class PassPage extends LitElement {
  static override styles = [
    shared,
    phone,
    css`
      .name {
        font-size: 2rem;
        font-weight: 700;
      }
      .meeting h3 {
        margin: 0 0 0.25rem;
        font-size: 1.3rem;
      }
      .meeting button {
        width: 100%;
        min-height: 56px;
        font-size: 1.2rem;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private pass: PassView | null = null;
  @state() private error = '';
  @state() private forgotten = false;
  /** The meeting whose remote following is being opened, and why it was refused. */
  @state() private opening: number | null = null;
  @state() private followError = '';
  private started = false;

  override willUpdate(): void {
    if (this.started || !this.params.token) return;
    this.started = true;
    void this.load(this.params.token);
  }

  private async load(token: string): Promise<void> {
    try {
      this.pass = await passView(token);
      const { name, bodyName, organisationName } = this.pass;
      keepPass({ name, bodyName, organisationName, token });
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async follow(meeting: PassMeeting): Promise<void> {
    if (this.opening !== null) return;
    this.opening = meeting.id;
    this.followError = '';
    try {
      const followed = await followByPass(this.params.token ?? '', meeting.id);
      navigate(`/m/${followed.meetingId}?invite=${encodeURIComponent(followed.participantToken)}`);
    } catch (err) {
      this.followError = errorMessage(err);
      this.opening = null;
    }
  }

  private meeting(m: PassMeeting) {
    const again = m.attending === 'remote';
    return html`<section
      class="card meeting"
      data-test="pass-meeting"
      data-meeting=${m.id}
      data-attending=${m.attending}
    >
      <h3>${m.title}</h3>
      <p class="muted">${formatDateTime(m.startsAt)}</p>
      ${
        m.attending === 'hall'
          ? html`<p data-test="pass-in-hall">${t('pass.in_hall')}</p>`
          : html`<p data-test="pass-remote-rule">${t(m.remoteVoting ? 'pass.remote_votes' : 'pass.remote_no_votes')}</p>
              ${again ? html`<p class="muted">${t('pass.remote_again_note')}</p>` : nothing}
              <button
                ?disabled=${this.opening !== null}
                aria-label=${t('pass.remote_follow_label', { title: m.title })}
                data-test="pass-follow"
                @click=${() => this.follow(m)}
              >
                ${this.opening === m.id ? t('pass.opening') : t(again ? 'pass.remote_again' : 'pass.remote_follow')}
              </button>`
      }
    </section>`;
  }

  private forget(): void {
    forgetPass(this.params.token ?? '');
    this.forgotten = true;
  }

  override render() {
    const p = this.pass;
    return html`<header>
        <h1>${t('pass.title')}</h1>
        <yishi-lang-switch></yishi-lang-switch>
      </header>
      <div class="body">
        <div role="alert" class="error" data-test="pass-error">${this.error ? t('pass.invalid') : ''}</div>
        ${
          p
            ? html`<section class="card" data-test="pass-card">
                <p class="name">${p.name}</p>
                <p>${p.bodyName} <span class="muted">${p.organisationName}</span></p>
              </section>`
            : nothing
        }
        ${
          p?.meetings.length
            ? html`<h2>${t('pass.live')}</h2>
                <p>${t('pass.remote_hint')}</p>
                <div role="alert" class="error" data-test="pass-follow-error">${this.followError}</div>
                ${p.meetings.map((m) => this.meeting(m))}`
            : nothing
        }
        ${
          p
            ? html`<p data-test="pass-saved">${this.forgotten ? t('pass.forgotten') : t('pass.saved')}</p>
                ${
                  this.forgotten
                    ? nothing
                    : html`<button class="secondary" @click=${this.forget}>${t('pass.forget')}</button>`
                }`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-pass-page': PassPage;
  }
}
