import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { NotificationList } from '../../shared/schemas/resolution.js';
import { errorMessage } from '../data/api.js';
import { listNotifications, markAllRead, markRead, watchNotifications } from '../data/resolutions.js';
import { formatDateTime } from '../i18n/dates.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/**
 * @summary /notifications: my notifications, newest first, unread ones marked; opening one marks
 * it read. New ones arrive live.
 */
@customElement('yishi-notifications-page')
export class NotificationsPage extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        padding: 0.75rem;
        border-bottom: 1px solid #c4cad0;
      }
      li.unread {
        font-weight: 700;
        background: #eef4fb;
      }
    `,
  ];
  private readonly i18n = new LocaleController(this);
  @state() private list: NotificationList | null = null;
  @state() private error = '';
  private stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.stop = watchNotifications(() => void this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop?.();
  }

  private async load(): Promise<void> {
    try {
      this.list = await listNotifications();
    } catch (err) {
      this.error = errorMessage(err);
    }
  }

  private async open(id: number): Promise<void> {
    await markRead(id).catch(() => undefined);
  }

  override render() {
    const l = this.list;
    return html`<h1>${t('notifications.title')}</h1>
      <div role="alert" class="error">${this.error}</div>
      ${
        l
          ? html`<p data-test="unread-count">${t('notifications.unread', { count: l.unread })}</p>
              <button type="button" class="secondary" @click=${() => markAllRead().then(() => this.load())}>
                ${t('notifications.read_all')}
              </button>
              <ul>
                ${l.items.map(
                  (n) =>
                    html`<li class=${n.read ? '' : 'unread'} data-test="notification" data-kind=${n.kind}>
                      <time datetime=${n.at}>${formatDateTime(n.at)}</time>
                      ${
                        n.resolutionId
                          ? html`<a href="/follow/${n.resolutionId}" @click=${() => this.open(n.id)}>${n.text}</a>`
                          : n.procedureId
                            ? html`<a href="/procedures/${n.procedureId}" @click=${() => this.open(n.id)}>${n.text}</a>`
                            : n.text
                      }
                    </li>`,
                )}
              </ul>`
          : html`<p role="status">${t('app.loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-notifications-page': NotificationsPage;
  }
}
