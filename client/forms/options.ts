import { html } from 'lit';
import { ROLES } from '../../shared/roles.js';
import type { OrganisationView } from '../../shared/schemas/organisation.js';
import { treeOrder } from '../data/organisations.js';
import { t } from '../i18n/index.js';

/** <option>s for an organisation picker, indented by depth so the tree reads in a flat list. */
export function organisationOptions(orgs: OrganisationView[], selected?: number) {
  return treeOrder(orgs).map(
    ({ org, depth }) =>
      html`<option value=${org.id} ?selected=${org.id === selected}>
        ${'\u3000'.repeat(depth)}${t('org.with_kind', { name: org.name, kind: t(`orgkind.${org.kind}`) })}
      </option>`,
  );
}

/** <option>s for the staff roles, in the order of shared/roles.ts. */
export const roleOptions = () => ROLES.map((r) => html`<option value=${r}>${t(`role.${r}`)}</option>`);
