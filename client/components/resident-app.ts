import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { onBusyChange } from '../data/api.js';
import { LocaleController, locale, setLocale, t } from '../i18n/index.js';
import { takeEarlyInput, type EarlyInput } from '../resident/early-input.js';
import { residentView, type ResidentView } from '../resident/routes.js';
import { shared } from '../styles/shared.js';
import { resident } from '../styles/resident.js';
import '../pages/intake-page.js';

/** Pages residents open less often than the form load on demand, so the form's download stays small. */
const LAZY: Record<string, () => Promise<unknown>> = {
  topics: () => import('../pages/public-topics-page.js'),
  track: () => import('../pages/track-page.js'),
  objection: () => import('../pages/objection-pages.js'),
  studio: () => import('../pages/studio-ticket-page.js'),
  screen: () => import('../pages/studio-screen-page.js'),
};

/**
 * @summary The residents' shell (their own small bundle: no account, no socket, no staff app):
 * a banner with a one-tap language switch, the page for the URL, an offline notice and a
 * footer. Links between residents' pages move without reloading.
 */
@customElement('yishi-resident')
export class ResidentApp extends LitElement {
  static override styles = [
    shared,
    resident,
    css`
      header {
        background: #8c1c13;
        color: #fff;
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.25rem 1rem;
      }
      .brand {
        font-weight: 700;
        font-size: 1.3rem;
      }
      header button {
        background: transparent;
        border-color: #fff;
        color: #fff;
      }
      header :focus-visible {
        outline-color: #ffd54f;
      }
      main {
        max-width: 40rem;
        margin: 0 auto;
        padding: 1rem;
      }
      main.wide {
        max-width: none;
        padding: 0;
      }
      footer {
        max-width: 40rem;
        margin: 2rem auto 0;
        padding: 1rem;
        color: #4a545e;
        border-top: 1px solid #c4cad0;
      }
      .offline {
        background: #1b1f24;
        color: #fff;
        margin: 0;
        padding: 0.5rem 1rem;
        text-align: center;
      }
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
    `,
  ];

  private readonly i18n = new LocaleController(this);
  @state() private view: ResidentView = residentView(location.pathname);
  @state() private offline = !navigator.onLine;
  @state() private loadFailed = false;
  private cleanups: (() => void)[] = [];
  /** What the resident typed into the shell's title field before the script arrived, handed to the form once. */
  private early: EarlyInput | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.early = takeEarlyInput(this);
    const onPop = () => this.show();
    const onOnline = () => (this.offline = false);
    const onOffline = () => (this.offline = true);
    window.addEventListener('popstate', onPop);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.addEventListener('click', this.onClick);
    this.cleanups.push(
      () => window.removeEventListener('popstate', onPop),
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('offline', onOffline),
      () => this.removeEventListener('click', this.onClick),
      onBusyChange((busy) => (busy ? this.setAttribute('aria-busy', 'true') : this.removeAttribute('aria-busy'))),
    );
    this.show();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cleanups.forEach((fn) => fn());
  }

  private show(): void {
    if (this.view.page !== 'intake') this.early = null;
    this.view = residentView(location.pathname);
    this.loadFailed = false;
    const load = LAZY[this.view.page];
    if (load) load().catch(() => (this.loadFailed = true));
  }

  /** Same-origin links to another residents' page move through the History API. */
  private readonly onClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement);
    if (!a || a.origin !== location.origin || a.target || a.hasAttribute('download')) return;
    if (residentView(a.pathname).page === 'none') return;
    e.preventDefault();
    history.pushState(null, '', a.pathname + a.search);
    window.scrollTo(0, 0);
    this.show();
  };

  override updated(): void {
    document.title = `${t(`resident.title.${this.view.page}`)} · ${t('resident.brand')}`;
  }

  private page() {
    const v = this.view;
    switch (v.page) {
      case 'intake':
        return html`<yishi-intake-page code=${v.code} .early=${this.early}></yishi-intake-page>`;
      case 'topics':
        return html`<yishi-public-topics-page code=${v.code}></yishi-public-topics-page>`;
      case 'track':
        return html`<yishi-track-page receipt=${v.receipt}></yishi-track-page>`;
      case 'objection':
        return html`<yishi-objection-pages receipt=${v.receipt}></yishi-objection-pages>`;
      case 'studio':
        return html`<yishi-studio-ticket-page code=${v.code}></yishi-studio-ticket-page>`;
      case 'screen':
        return html`<yishi-studio-screen-page code=${v.code}></yishi-studio-screen-page>`;
      default:
        return html`<h1>${t('resident.title.none')}</h1>
          <p>${t('resident.not_found')}</p>`;
    }
  }

  override render() {
    const other = locale() === 'zh-CN' ? 'en' : 'zh-CN';
    const screen = this.view.page === 'screen';
    return html`${
        screen
          ? nothing
          : html`<header>
              <span class="brand">${t('resident.brand')}</span>
              <button lang=${other} data-test="resident-lang" @click=${() => setLocale(other)}>
                ${t(`resident.lang.${other}`)}
              </button>
            </header>`
      }
      <div role="status">
        ${this.offline ? html`<p class="offline" data-test="offline">${t('resident.offline')}</p>` : nothing}
      </div>
      <main class=${screen ? 'wide' : ''}>
        ${
          this.loadFailed
            ? html`<p role="alert" class="error">${t('error.network')}</p>
                <button @click=${() => location.reload()}>${t('resident.retry')}</button>`
            : this.page()
        }
      </main>
      ${screen ? nothing : html`<footer>${t('resident.footer')}</footer>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-resident': ResidentApp;
  }
}
