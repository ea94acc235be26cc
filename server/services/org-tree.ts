import type { Database } from '../db/index.js';

/**
 * An in-memory index of the organisation tree (id → parent). Organisations are never moved, only
 * added, so the index is reloaded only when asked about an id it has not seen (e.g. created by
 * another instance) or told about a local change.
 */
export class OrgTree {
  private parents = new Map<number, number | null>();
  private loading: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  async reload(): Promise<void> {
    this.loading ??= (async () => {
      const rows = await this.db.models.Organisation.findAll({ attributes: ['id', 'parentId'], raw: true });
      this.parents = new Map(rows.map((o) => [o.id, o.parentId]));
    })().finally(() => (this.loading = null));
    await this.loading;
  }

  private async ensure(id: number): Promise<boolean> {
    if (!this.parents.has(id)) await this.reload();
    return this.parents.has(id);
  }

  /** The organisation itself and its ancestors up to the root; empty if it does not exist. */
  async lineage(id: number): Promise<number[]> {
    if (!(await this.ensure(id))) return [];
    const out: number[] = [];
    let current: number | null | undefined = id;
    while (current != null && out.length < 16) {
      out.push(current);
      current = this.parents.get(current);
    }
    return out;
  }

  /** The organisation and all its descendants. */
  async subtree(id: number): Promise<number[]> {
    if (!(await this.ensure(id))) return [];
    const children = new Map<number, number[]>();
    for (const [child, parent] of this.parents) {
      if (parent != null) children.set(parent, [...(children.get(parent) ?? []), child]);
    }
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const next = stack.pop()!;
      out.push(next);
      stack.push(...(children.get(next) ?? []));
    }
    return out;
  }

  async isRoot(id: number): Promise<boolean> {
    return (await this.ensure(id)) && this.parents.get(id) == null;
  }
}
