import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { SessionController } from '../data/session.js';
import { LocaleController, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** @summary Landing page after login: a welcome and the roles the user holds, with where. */
@customElement('yishi-home-page')
export class HomePage extends LitElement {
  static override styles = shared;
  private readonly i18n = new LocaleController(this);
  private readonly session = new SessionController(this);

  override render() {
    const user = this.session.user;
    if (!user) return html``;
    return html`<h1 data-test="welcome">${t('home.welcome', { name: user.displayName })}</h1>
      <section class="card" aria-labelledby="roles">
        <h2 id="roles">${t('home.your_roles')}</h2>
        ${
          user.memberships.length
            ? html`<ul data-test="my-roles">
                ${user.memberships.map(
                  (m) =>
                    html`<li data-role=${m.role} data-organisation=${m.organisationId}>
                      <strong>${t(`role.${m.role}`)}</strong> ·
                      ${t('org.with_kind', { name: m.organisationName, kind: t(`orgkind.${m.organisationKind}`) })}
                    </li>`,
                )}
              </ul>`
            : html`<p>${t('home.no_roles')}</p>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-home-page': HomePage;
  }
}
