import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SessionUser } from '../../shared/schemas/session.js';
import { confirmAction } from '../app/dialogs.js';
import { navFor } from '../app/nav.js';
import { navigate } from '../app/router.js';
import { logout } from '../data/session.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import './lang-switch.js';

/** The skip link was followed: the shell moves focus into <main>, which lives in its shadow root. */
export class SkipToContentEvent extends Event {
  static readonly type = 'skip-to-content';
  constructor() {
    super(SkipToContentEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * @summary The banner landmark: app name, role-dependent menu, language switch, the user's name
 * and logout. Below 960 px the menu and user tools fold behind a toggle button. Opens with a
 * skip-to-content button: a `#main` link cannot reach into the shell's shadow root.
 * @event skip-to-content - SkipToContentEvent
 */
@customElement('yishi-app-header')
export class AppHeader extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      header {
        background: #8c1c13;
        color: #fff;
      }
      header :focus-visible {
        outline-color: #ffd54f;
      }
      header .skip {
        position: absolute;
        left: 0.5rem;
        top: -10rem;
        z-index: 10;
        background: #fff;
        color: #0b57a4;
        text-decoration: underline;
      }
      header .skip:focus {
        top: 0.5rem;
      }
      .bar,
      .panel {
        display: flex;
        align-items: center;
        gap: 0.5rem 1rem;
        flex-wrap: wrap;
        padding: 0.5rem 1rem;
      }
      .bar {
        justify-content: space-between;
      }
      .brand {
        color: #fff;
        font-weight: 700;
        font-size: 1.4rem;
        text-decoration: none;
        min-height: 48px;
        display: inline-flex;
        align-items: center;
      }
      header button {
        background: transparent;
        color: #fff;
        border-color: #fff;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      nav a {
        color: #fff;
        display: flex;
        align-items: center;
        min-height: 48px;
        padding: 0 0.55rem;
        border-radius: 8px;
        text-decoration: none;
      }
      nav a:hover {
        text-decoration: underline;
      }
      .badge {
        display: inline-block;
        min-width: 1.6rem;
        margin-left: 0.4rem;
        padding: 0 0.4rem;
        border-radius: 999px;
        background: #ffd54f;
        color: #1b1f24;
        font-weight: 700;
        text-align: center;
      }
      nav a[aria-current='page'] {
        background: #fff;
        color: #8c1c13;
        font-weight: 700;
      }
      .user {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-left: auto;
      }
      /* The name opens the rarer account actions, so an admin's full menu fits one line at 1366 px. */
      .account {
        position: relative;
      }
      header .account .name {
        border-color: transparent;
      }
      .account .menu[hidden] {
        display: none;
      }
      .account .menu {
        position: absolute;
        right: 0;
        top: 100%;
        z-index: 20;
        background: #8c1c13;
        padding: 0.5rem;
        border-radius: 8px;
        box-shadow: 0 4px 12px rgba(0, 0, 0, 0.3);
        white-space: nowrap;
      }
      .account .menu a {
        display: block;
        color: #fff;
        padding: 0.5rem;
      }
      .notice {
        margin: 0;
        padding: 0.5rem 1rem;
        text-align: center;
      }
      .demo {
        background: #fff4ce;
        color: #4a3b00;
      }
      .offline {
        background: #1b1f24;
        color: #fff;
      }
      @media (max-width: 959px) {
        .panel {
          flex-direction: column;
          align-items: stretch;
        }
        /* The children fold (not just the panel) so each reports display: none to tests and AT. */
        .panel.collapsed,
        .panel.collapsed > * {
          display: none;
        }
        nav ul {
          flex-direction: column;
        }
        .user {
          margin-left: 0;
        }
        .account .menu {
          position: static;
          box-shadow: none;
        }
      }
      @media (min-width: 960px) {
        .top {
          display: flex;
          align-items: center;
          flex-wrap: wrap;
        }
        .panel {
          flex: 1;
        }
        .menu-toggle {
          display: none;
        }
        /* One line on a desk screen however many pages a role has (an admin has 17 at 1366 px):
           the menu scrolls sideways instead of wrapping, and the panel lets it shrink to fit. */
        .panel {
          flex-wrap: nowrap;
          min-width: 0;
        }
        nav {
          min-width: 0;
          flex: 1 1 auto;
        }
        nav ul {
          flex-wrap: nowrap;
          overflow-x: auto;
          scrollbar-width: thin;
        }
        nav a {
          white-space: nowrap;
        }
        .user {
          flex: 0 0 auto;
        }
      }
    `,
  ];

  private readonly i18n = new LocaleController(this);
  @property({ attribute: false }) user: SessionUser | null = null;
  /** The current path, to mark the menu entry with aria-current. */
  @property() path = '/';
  @property({ type: Boolean }) offline = false;
  @property({ type: Boolean }) demo = false;
  /** Live counts for menu entries with a badge (NavItem.badge), e.g. open topics awaiting review. */
  @property({ attribute: false }) badges: Partial<Record<'review' | 'notifications', number>> = {};
  @state() private menuOpen = false;
  /** The name opens the rarer account actions (log out everywhere). */
  @state() private accountOpen = false;

  override willUpdate(changed: Map<string, unknown>): void {
    // Following a menu link closes the menu on phones.
    if (changed.has('path')) {
      this.menuOpen = false;
      this.accountOpen = false;
    }
  }

  private skip(): void {
    this.dispatchEvent(new SkipToContentEvent());
  }

  private async logout(everywhere: boolean): Promise<void> {
    if (everywhere && !(await confirmAction(t('nav.logout_everywhere_confirm'), t('nav.logout_everywhere')))) return;
    try {
      await logout({ everywhere });
    } finally {
      navigate('/login', { replace: true });
    }
  }

  /** The count is shown as a pill; screen readers hear it as words ("3 条待处理"). */
  private badge(kind: 'review' | 'notifications' | undefined) {
    const count = kind ? (this.badges[kind] ?? 0) : 0;
    if (!count) return nothing;
    // The review count keeps its old hook; other badges are named by kind.
    const hook = kind === 'review' ? 'nav-badge' : `nav-badge-${kind}`;
    return html`<span class="badge" aria-hidden="true" data-test=${hook}>${count}</span
      ><span class="visually-hidden">${t('nav.badge', { count })}</span>`;
  }

  private userTools(user: SessionUser) {
    return html`<div class="user">
      <div class="account">
        <button
          class="name"
          aria-expanded=${this.accountOpen ? 'true' : 'false'}
          aria-controls="account-menu"
          data-test="user-menu-name"
          @click=${() => (this.accountOpen = !this.accountOpen)}
        >
          ${user.displayName} ▾
        </button>
        <div class="menu" id="account-menu" ?hidden=${!this.accountOpen}>
          <a href="/account/password" data-test="change-password">${t('nav.password')}</a>
          <button data-test="logout-everywhere" @click=${() => this.logout(true)}>${t('nav.logout_everywhere')}</button>
        </div>
      </div>
      <button data-test="logout" @click=${() => this.logout(false)}>${t('nav.logout')}</button>
    </div>`;
  }

  override render() {
    const user = this.user;
    return html`<header>
      <button class="skip" data-test="skip-link" @click=${this.skip}>${t('app.skip_to_content')}</button>
      <div class="top">
        <div class="bar">
          <a class="brand" href="/" data-test="brand">${t('app.name')}</a>
          ${
            user
              ? html`<button
                  class="menu-toggle"
                  data-test="menu-toggle"
                  aria-expanded=${this.menuOpen ? 'true' : 'false'}
                  aria-controls="panel"
                  @click=${() => (this.menuOpen = !this.menuOpen)}
                >
                  ${t('nav.menu')}
                </button>`
              : nothing
          }
        </div>
        <div id="panel" class="panel ${user && !this.menuOpen ? 'collapsed' : ''}">
          ${
            user
              ? html`<nav aria-label=${t('nav.menu')} data-test="nav">
                  <ul>
                    ${navFor(user).map(
                      (item) =>
                        html`<li>
                          <a
                            href=${item.path}
                            data-test="nav-link"
                            data-path=${item.path}
                            aria-current=${this.path === item.path ? 'page' : nothing}
                          >
                            ${t(item.labelKey)} ${this.badge(item.badge)}
                          </a>
                        </li>`,
                    )}
                  </ul>
                </nav>`
              : nothing
          }
          <yishi-lang-switch .signedIn=${!!user}></yishi-lang-switch>
          ${user ? this.userTools(user) : nothing}
        </div>
      </div>
      ${this.demo ? html`<p class="notice demo" data-test="demo-banner">${t('app.demo_banner')}</p>` : nothing}
      <div role="status">
        ${this.offline ? html`<p class="notice offline" data-test="offline">${t('app.offline')}</p>` : nothing}
      </div>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-app-header': AppHeader;
  }
  interface HTMLElementEventMap {
    'skip-to-content': SkipToContentEvent;
  }
}
