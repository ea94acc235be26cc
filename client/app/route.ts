import type { Role } from '../../shared/roles.js';

/** One page of the staff app; the table is ROUTES in router.ts (meeting-routes.ts adds the meetings'). */
export interface Route {
  /** Exact path, or a pattern with `:name` segments (`/m/:id/console`), handed to the page as `params`. */
  path: string;
  /** The page element rendered into <main>. */
  tag: string;
  /** Page title key, also used for document.title. */
  titleKey: string;
  /** 'public' pages need no login; otherwise holders of any of the roles, or any staff when null. */
  access: 'public' | readonly Role[] | null;
  /**
   * Loads the page's module and its messages on first visit (./pages/<group>.ts). Pages most
   * staff never open stay out of the first download; the shell's own pages omit it.
   */
  load?: () => Promise<unknown>;
  /**
   * 'bare': the page fills the window without the header (the projector, a participant's
   * phone); the page provides its own landmarks.
   */
  layout?: 'bare';
}
