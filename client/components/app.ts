import { watchUnread } from '../data/resolutions.js';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SessionUser } from '../../shared/schemas/session.js';
import { onNavigate, resolve, startRouter, type Resolution } from '../app/router.js';
import { errorMessage, onBusyChange, trackBusy } from '../data/api.js';
import { getSession, onSessionChange, updateMe } from '../data/session.js';
import { reviewOrganisations, watchOpenCount } from '../data/review.js';
import { closeSocket, onConnectionChange, reconnectSocket, type ConnectionState } from '../data/socket.js';
import { LocaleController, hasChosenLocale, locale, setLocale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { registerDialogs } from '../app/dialogs.js';
import type { ConfirmDialog } from './confirm-dialog.js';
import type { PasswordDialog } from './password-dialog.js';
import './app-header.js';
import './confirm-dialog.js';
import './password-dialog.js';
import '../pages/login-page.js';
import '../pages/home-page.js';
import '../pages/not-found-page.js';

/**
 * @summary The staff app: header with the role-dependent menu, the routed page in <main>, an
 * offline marker while the socket is down and a banner on demo data. Owns session start-up,
 * routing and the socket's lifetime; pages only read.
 */
@customElement('yishi-app')
export class App extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      /* A thin bar while the network is busy: rural connections can take seconds. */
      :host([aria-busy='true'])::before {
        content: '';
        position: fixed;
        top: 0;
        left: 0;
        right: 0;
        height: 4px;
        z-index: 20;
        background: #ffd54f;
      }
      main {
        max-width: 1200px;
        margin: 0 auto;
        padding: 1rem;
      }
      main:focus {
        outline: none;
      }
      /* The projector and participants' phones fill the window and bring their own header. */
      main.bare {
        max-width: none;
        padding: 0;
      }
      @media (min-width: 720px) {
        main {
          padding: 1.5rem 2rem;
        }
      }
    `,
  ];

  private readonly i18n = new LocaleController(this);
  @state() private user: SessionUser | null = null;
  @state() private ready = false;
  @state() private loadError = '';
  @state() private connection: ConnectionState = 'connecting';
  @state() private demo = false;
  @state() private url = new URL(location.href);
  @state() private pageError = '';
  /** Open topics awaiting review, for the menu's badge (reviewers and admins only). */
  @state() private openTopics = 0;
  private stopOpenCount: (() => void) | null = null;
  /** Unread notifications (resolutions), shown on the menu entry. */
  @state() private unread = 0;
  private stopUnread: (() => void) | null = null;
  /** The page element for the current route, kept across re-renders so its state survives. */
  private page: { key: string; el: HTMLElement } | null = null;
  private resolved: Resolution | null = null;
  private cleanups: (() => void)[] = [];
  private stopConnection: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.cleanups.push(
      startRouter(this),
      onNavigate(() => this.routeChanged()),
      onSessionChange((user) => this.sessionChanged(user)),
      // On the host, in the light DOM: a progress cue for people, and a signal tests can wait on.
      onBusyChange((busy) => (busy ? this.setAttribute('aria-busy', 'true') : this.removeAttribute('aria-busy'))),
    );
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cleanups.forEach((fn) => fn());
    this.stopConnection?.();
    this.stopOpenCount?.();
  }

  private async start(): Promise<void> {
    this.loadError = '';
    try {
      await getSession();
      this.ready = true;
    } catch (err) {
      this.loadError = errorMessage(err);
    }
  }

  private routeChanged(): void {
    this.url = new URL(location.href);
  }

  private sessionChanged(user: SessionUser | null): void {
    const previous = this.user;
    this.user = user;
    if (user?.id === previous?.id) return;
    if (user) {
      // The socket authenticates by cookie at its handshake, so a new login needs a new handshake.
      if (this.stopConnection) reconnectSocket();
      else this.stopConnection = onConnectionChange((s) => (this.connection = s));
      this.adoptLocale(user);
      this.demo = user.memberships.some((m) => m.isDemo);
      this.stopOpenCount?.();
      this.openTopics = 0;
      this.stopOpenCount = reviewOrganisations(user).length ? watchOpenCount(user, (n) => (this.openTopics = n)) : null;
      this.stopUnread?.();
      this.stopUnread = watchUnread((n) => (this.unread = n));
    } else {
      this.stopOpenCount?.();
      this.stopOpenCount = null;
      this.stopUnread?.();
      this.stopUnread = null;
      this.stopConnection?.();
      this.stopConnection = null;
      closeSocket();
      this.demo = false;
    }
  }

  /**
   * A language chosen on this device wins and is saved to the account, so the server's messages
   * match the screen; otherwise the account's language is used without pinning the device.
   */
  private adoptLocale(user: SessionUser): void {
    if (hasChosenLocale()) {
      if (user.locale !== locale()) updateMe({ locale: locale() }).catch(() => undefined);
    } else setLocale(user.locale, { remember: false });
  }

  /** Settles what the URL shows before rendering: follows redirects, swaps the page element. */
  override willUpdate(): void {
    if (!this.ready) return;
    let r = resolve(this.url, this.user);
    // Redirects settle in at most two steps (page → login, login → next); the bound is a guard.
    for (let i = 0; i < 3 && r.kind === 'redirect'; i++) {
      history.replaceState(null, '', r.to);
      this.url = new URL(location.href);
      r = resolve(this.url, this.user);
    }
    this.resolved = r;
    if (r.kind === 'redirect') return;
    const tag = r.kind === 'page' ? r.route.tag : 'yishi-not-found-page';
    const params = r.kind === 'page' ? r.params : {};
    // A new user (or another meeting) gets fresh pages: nothing of the previous state survives.
    const key = `${tag} ${this.user?.id ?? ''} ${JSON.stringify(params)}`;
    if (this.page?.key !== key) {
      // Announce a new page to screen readers by moving focus into it (not on first load).
      if (this.page) void this.updateComplete.then(() => this.focusMain());
      // An element created before its module loads upgrades in place once it is defined; Lit
      // keeps a property set before the upgrade.
      this.page = { key, el: Object.assign(document.createElement(tag), { params }) };
      this.pageError = '';
      if (r.kind === 'page' && r.route.load && !customElements.get(tag)) {
        trackBusy(r.route.load()).catch(() => (this.pageError = t('error.network')));
      }
    }
    if (r.kind !== 'page') this.page.el.setAttribute('reason', r.kind);
  }

  override updated(): void {
    const confirm = this.renderRoot.querySelector<ConfirmDialog>('yishi-confirm-dialog');
    const password = this.renderRoot.querySelector<PasswordDialog>('yishi-password-dialog');
    if (confirm && password) registerDialogs({ confirm, password });
    const r = this.resolved;
    const key = !r
      ? null
      : r.kind === 'page'
        ? r.route.titleKey
        : r.kind === 'forbidden'
          ? 'error.forbidden'
          : 'page.not_found_title';
    document.title = key ? `${t(key)} · ${t('app.name')}` : t('app.name');
  }

  private focusMain(): void {
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  override render() {
    if (!this.ready) {
      return html`<main id="main" tabindex="-1">
        ${
          this.loadError
            ? html`<p role="alert" class="error">${this.loadError}</p>
                <button @click=${() => this.start()}>${t('action.retry')}</button>`
            : html`<p role="status">${t('app.loading')}</p>`
        }
      </main>`;
    }
    if (this.resolved?.kind === 'page' && this.resolved.route.layout === 'bare') {
      return html`<main id="main" class="bare" tabindex="-1">
        ${this.page?.el}
        ${
          this.pageError
            ? html`<p role="alert" class="error">${this.pageError}</p>
                <button @click=${() => location.reload()}>${t('action.retry')}</button>`
            : nothing
        }
        <yishi-confirm-dialog></yishi-confirm-dialog>
        <yishi-password-dialog></yishi-password-dialog>
      </main>`;
    }
    return html`
      <yishi-app-header
        .user=${this.user}
        .path=${this.url.pathname}
        ?offline=${!!this.user && this.connection === 'offline'}
        ?demo=${this.demo}
        .badges=${{ review: this.openTopics, notifications: this.unread }}
        @skip-to-content=${this.focusMain}
      ></yishi-app-header>
      <main id="main" tabindex="-1">
        ${this.resolved?.kind === 'redirect' ? nothing : this.page?.el}
        ${
          this.pageError
            ? html`<p role="alert" class="error">${this.pageError}</p>
                <button @click=${() => location.reload()}>${t('action.retry')}</button>`
            : nothing
        }
        <yishi-confirm-dialog></yishi-confirm-dialog>
        <yishi-password-dialog></yishi-password-dialog>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-app': App;
  }
}
