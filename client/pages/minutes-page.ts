import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { MinutesInfo } from '../../shared/schemas/minutes.js';
import { formatTimestamp } from '../../shared/minutes/format.js';
import { confirmAction } from '../app/dialogs.js';
import { navigate } from '../app/router.js';
import { errorMessage } from '../data/api.js';
import { getMinutesInfo, minutesDownload, publishMinutes } from '../data/minutes.js';
import { SessionController } from '../data/session.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import '../components/minutes-editor.js';
import '../components/minutes-view.js';

/**
 * @summary /m/<id>/minutes: the meeting's minutes. The convener and secretaries edit them live;
 * other staff follow them read-only; once the meeting closed, the final version with its hash,
 * signatories and downloads, and (for organisers) publishing to the public board. The projector
 * (`?t=<screen token>`) and participants (`?p=<personal token>`) get the read-only view without logging in.
 */
@customElement('yishi-minutes-page')
export class MinutesPage extends LitElement {
  static override styles = [
    shared,
    css`
      .final dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0 0 1rem;
      }
      .final dd {
        margin: 0;
      }
      .sha {
        font-family: ui-monospace, monospace;
        word-break: break-all;
      }
      a.button {
        display: inline-flex;
        align-items: center;
        min-height: 48px;
        padding: 0.4rem 1rem;
        border: 2px solid #0b57a4;
        border-radius: 8px;
        text-decoration: none;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);
  @state() private info: MinutesInfo | null = null;
  @state() private error = '';
  @state() private busy = false;
  private readonly meetingId = Number(/^\/m\/(\d+)\/minutes/.exec(location.pathname)?.[1] ?? 0);
  private readonly params = new URLSearchParams(location.search);
  private readonly screenToken = this.params.get('t') ?? '';
  private readonly inviteToken = this.params.get('p') ?? '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.screenToken || this.inviteToken) return;
    if (!this.session.user) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
      return;
    }
    void this.load();
  }

  private async load(): Promise<void> {
    this.error = '';
    try {
      this.info = await getMinutesInfo(this.meetingId);
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async publish(): Promise<void> {
    if (!(await confirmAction(t('minutes.publish_confirm'), t('minutes.publish')))) return;
    this.busy = true;
    this.error = '';
    try {
      this.info = await publishMinutes(this.meetingId);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private renderFinal(info: MinutesInfo) {
    const final = info.final;
    if (!final) return nothing;
    return html`<section class="card final" aria-labelledby="final" data-test="minutes-final">
      <h2 id="final">${t('minutes.final.heading', { version: final.version })}</h2>
      <dl>
        <dt>${t('minutes.final.finalised_at')}</dt>
        <dd>${formatTimestamp(final.finalisedAt)}</dd>
        <dt>${t('minutes.final.signatories')}</dt>
        <dd>${final.signatories.map((s) => `${t(`minutes.signatory.${s.role}`)} ${s.name}`).join('，')}</dd>
        <dt>SHA-256</dt>
        <dd class="sha" data-test="minutes-sha">${final.sha256}</dd>
        <dt>${t('minutes.final.board')}</dt>
        <dd data-test="minutes-published">
          ${final.publishedAt ? t('minutes.published', { time: formatTimestamp(final.publishedAt) }) : t('minutes.not_published')}
        </dd>
      </dl>
      <p class="muted">${t('minutes.final.hint')}</p>
      <div class="row">
        <a class="button" href=${minutesDownload(info.meetingId, 'docx')} download data-test="download-docx"
          >${t('minutes.download.docx')}</a
        >
        <a class="button" href=${minutesDownload(info.meetingId, 'pdf')} download data-test="download-pdf"
          >${t('minutes.download.pdf')}</a
        >
        ${
          info.canPublish && !final.publishedAt
            ? html`<button type="button" ?disabled=${this.busy} @click=${this.publish} data-test="minutes-publish">
                ${t('minutes.publish')}
              </button>`
            : nothing
        }
      </div>
    </section>`;
  }

  override render() {
    if (this.screenToken || this.inviteToken) {
      return html`<h1 class="visually-hidden">${t('minutes.title')}</h1>
        <yishi-minutes-view
          .meetingId=${this.meetingId}
          .screenToken=${this.screenToken}
          .inviteToken=${this.inviteToken}
          .size=${this.screenToken ? 'large' : 'normal'}
        ></yishi-minutes-view>`;
    }
    const info = this.info;
    const user = this.session.user;
    return html`
      <h1>${info ? t('minutes.page_title', { title: info.title }) : t('minutes.title')}</h1>
      <p role="alert" class="error">${this.error}</p>
      ${
        info
          ? html`<p class="muted" data-test="minutes-mode">
                ${info.final ? t('minutes.mode.final') : info.canWrite ? t('minutes.mode.write') : t('minutes.mode.read')}
              </p>
              ${this.renderFinal(info)}
              <yishi-minutes-editor
                .meetingId=${info.meetingId}
                .readonly=${!info.canWrite}
                .user=${user ? { id: user.id, name: user.displayName } : null}
                @minutes-closed=${() => void this.load()}
              ></yishi-minutes-editor>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-minutes-page': MinutesPage;
  }
}
