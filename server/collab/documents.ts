import type http from 'node:http';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/error-codes.js';
import { ROLES } from '../../shared/roles.js';
import { readCookies, SESSION_COOKIE } from '../http/cookies.js';
import { negotiateLocale } from '../../shared/i18n/index.js';
import { AppError } from '../errors.js';
import { hasRoleAt } from '../services/access.js';
import type { MinutesAccess, MinutesService } from '../services/minutes/minutes.js';
import type { OrgTree } from '../services/org-tree.js';
import type { SessionService } from '../services/sessions.js';
import { fragmentOf } from './minutes-doc.js';
import type { Persistence } from './persistence.js';
import { ProtectedIndex } from './protect.js';
import type { CollabHooks } from './server.js';
import type { DocumentStore } from './store.js';

const VERDICT: Record<Exclude<MinutesAccess, 'write' | 'read'>, (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]> = {
  unauthenticated: CLOSE_CODES.unauthorized,
  forbidden: CLOSE_CODES.forbidden,
  not_found: CLOSE_CODES.notFound,
};

/**
 * Which Yjs documents exist, who may open them, and how they are stored. Names are `<kind>:<id>`:
 * - `scratch:<organisationId>`: a pad anyone with a role at the organisation (or above) writes;
 * - `minutes:<meetingId>`: a meeting's minutes (server/services/minutes/minutes.ts decides who writes,
 *   who reads; the projector and participants pass their token as `?t=` and `?p=`).
 * Every document is stored in the update log (store.ts) as edits arrive (persistence.ts);
 * updates to minutes pass the protected-block guard first (protect.ts).
 */
export function documentHooks(deps: {
  sessions: SessionService;
  tree: OrgTree;
  store: DocumentStore;
  persistence: Persistence;
  minutes: () => MinutesService;
  /** False refuses the upgrade with 403 (server/http/origins.ts). */
  allowOrigin: (req: http.IncomingMessage) => boolean;
}): CollabHooks {
  const { sessions, tree, store, persistence } = deps;
  /** Rebuilt lazily after the server changes a document; clients cannot change what it indexes. */
  const indexes = new Map<string, ProtectedIndex>();
  const parse = (docName: string) => {
    const [kind, rawId, ...rest] = docName.split(':');
    const id = Number(rawId);
    return rest.length || !Number.isInteger(id) || id <= 0 ? null : { kind, id };
  };

  return {
    beforeUpgrade(req) {
      if (deps.allowOrigin(req)) return null;
      const error = new AppError('origin_forbidden');
      return {
        status: error.status,
        body: JSON.stringify(error.toBody(negotiateLocale(req.headers['accept-language']))),
      };
    },
    async onAuthenticate(req: http.IncomingMessage, docName: string) {
      const target = parse(docName);
      if (!target || (target.kind !== 'scratch' && target.kind !== 'minutes')) return CLOSE_CODES.notFound;
      const auth = await sessions.resolve(readCookies(req.headers.cookie)[SESSION_COOKIE]);
      if (target.kind === 'minutes') {
        const query = new URL(req.url ?? '/', 'http://x').searchParams;
        const access = await deps
          .minutes()
          .access(target.id, auth?.principal ?? null, { screen: query.get('t'), participant: query.get('p') });
        if (access === 'write' || access === 'read')
          return { readOnly: access === 'read', userId: auth?.principal.userId ?? null };
        return VERDICT[access];
      }
      if (!auth) return CLOSE_CODES.unauthorized;
      if (!(await hasRoleAt(tree, auth.principal, ROLES, target.id))) return CLOSE_CODES.forbidden;
      return { readOnly: false, userId: auth.principal.userId };
    },

    async onLoadDocument(docName: string, doc: Y.Doc) {
      const { update } = await store.load(docName);
      if (update) Y.applyUpdate(doc, update);
      const target = parse(docName);
      if (target?.kind !== 'minutes') return;
      // Structure written during the load is stored before the first client syncs: the update
      // listener that persists edits is attached only after loading.
      const before = Y.encodeStateVector(doc);
      if (await deps.minutes().prepare(target.id, doc)) await store.append(docName, Y.encodeStateAsUpdate(doc, before));
    },

    beforeApplyUpdate(docName: string, doc: Y.Doc, update: Uint8Array) {
      if (!docName.startsWith('minutes:')) return null;
      let index = indexes.get(docName);
      if (!index) {
        index = new ProtectedIndex(fragmentOf(doc));
        indexes.set(docName, index);
      }
      return index.check(doc, update);
    },

    onChange(docName: string, update: Uint8Array, origin: unknown) {
      if (!(origin instanceof WebSocket)) indexes.delete(docName);
      // Relayed updates are stored here too: the instance they came from may die inside its
      // batch window, and then this copy is the only one. Yjs updates are idempotent, and the
      // extra rows fold into one when the document is compacted.
      persistence.push(docName, update);
    },

    async afterUnload(docName: string) {
      indexes.delete(docName);
      await persistence.release(docName);
    },

    onShutdown: () => persistence.close(),
  };
}
