import type { Database } from '../db/index.js';
import type { OrgTree } from './org-tree.js';

/**
 * Whether members following a meeting remotely (by their personal link) count as present and
 * may vote: the organisation's own `allowRemoteVoting`, else the nearest ancestor's (a county may
 * allow it for every village below), else no. Read by attendance counting and by the ballot
 * checks, so both always agree.
 */
export async function remoteVotingAllowed(db: Database, tree: OrgTree, organisationId: number): Promise<boolean> {
  for (const id of await tree.lineage(organisationId)) {
    const org = await db.models.Organisation.findByPk(id, { attributes: ['settings'] });
    const allowed = org?.settings.allowRemoteVoting;
    if (allowed !== undefined) return allowed;
  }
  return false;
}
