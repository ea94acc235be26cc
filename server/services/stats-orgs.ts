import type { OrganisationKind } from '../../shared/roles.js';
import { responseLimitHours } from '../../shared/rules/stats.js';
import type { Database } from '../db/index.js';

export interface StatsOrg {
  id: number;
  name: string;
  kind: OrganisationKind;
  parentId: number | null;
  /** Effective response limit (own setting, else the nearest ancestor's, else 24 h), in seconds. */
  limitSeconds: number;
}

/**
 * The organisation tree with names and effective response limits, read in one query and kept
 * for a few seconds: a county dashboard needs all ~2,000 rows on every load, and they change
 * rarely (organisation edits call `forget()`).
 */
export class StatsOrgs {
  private cached: { at: number; value: Promise<Map<number, StatsOrg>> } | null = null;

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  forget(): void {
    this.cached = null;
  }

  all(): Promise<Map<number, StatsOrg>> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const value = this.load();
      this.cached = { at: now, value };
      value.catch(() => (this.cached = null));
    }
    return this.cached.value;
  }

  private async load(): Promise<Map<number, StatsOrg>> {
    const rows = await this.db.models.Organisation.findAll({
      attributes: ['id', 'name', 'kind', 'parentId', 'settings'],
      raw: true,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out = new Map<number, StatsOrg>();
    for (const r of rows) {
      const lineage = [];
      let cur: typeof r | undefined = r;
      while (cur && lineage.length < 16) {
        lineage.push(typeof cur.settings === 'string' ? JSON.parse(cur.settings) : cur.settings);
        cur = cur.parentId == null ? undefined : byId.get(cur.parentId);
      }
      out.set(r.id, {
        id: r.id,
        name: r.name,
        kind: r.kind,
        parentId: r.parentId,
        limitSeconds: responseLimitHours(lineage) * 3600,
      });
    }
    return out;
  }
}

/** The child of `node` on the way down to `id` (itself when `id` is a child), or null when outside. */
export function childOf(orgs: Map<number, StatsOrg>, node: number, id: number): number | null {
  let cur = orgs.get(id);
  for (let i = 0; cur && i < 16; i++) {
    if (cur.parentId === node) return cur.id;
    cur = cur.parentId == null ? undefined : orgs.get(cur.parentId);
  }
  return null;
}
