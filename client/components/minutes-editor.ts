import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Node as PMNode, Schema } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { minutesSchema } from '../../shared/minutes/schema.js';
import { toJSON } from '../../shared/minutes/yjs.js';
import { openMinutes, type MinutesClosedReason, type MinutesSession } from '../data/minutes.js';
import {
  colourFor,
  cursorBuilder,
  minutesCommands,
  minutesKeymaps,
  protectedGuard,
  safeColour,
  selectionBuilder,
  type MinutesCommands,
} from '../editor/minutes-editing.js';
import { LocaleController, locale, t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { minutesDocumentStyles } from './minutes-styles.js';

/** The server ended the connection for good; `reason` says why (e.g. 'finalised' when the meeting closed). */
export class MinutesClosedEvent extends Event {
  constructor(readonly reason: MinutesClosedReason) {
    super('minutes-closed', { bubbles: true, composed: true });
  }
}

type Tool = [command: keyof MinutesCommands, labelKey: string];
const TOOLS: Tool[] = [
  ['paragraph', 'minutes.toolbar.paragraph'],
  ['heading', 'minutes.toolbar.heading'],
  ['subheading', 'minutes.toolbar.subheading'],
  ['bold', 'minutes.toolbar.bold'],
  ['bulletList', 'minutes.toolbar.bullet_list'],
  ['orderedList', 'minutes.toolbar.ordered_list'],
  ['quote', 'minutes.toolbar.quote'],
  ['lift', 'minutes.toolbar.lift'],
  ['undo', 'minutes.toolbar.undo'],
  ['redo', 'minutes.toolbar.redo'],
];

/**
 * @summary A meeting's minutes, live: ProseMirror bound to the shared Yjs document by
 * y-prosemirror. Writers get a toolbar (headings, bold, lists, quotes, undo of their own edits),
 * see who else is editing with their name and cursor colour, and keep typing through a dropped
 * connection. With `readonly` the same document is shown live with no way to change it — rendered
 * from the document rather than bound to it, so a viewer never writes. Blocks only the server
 * writes (header, agenda headings, vote results, footer) cannot be changed from here.
 * @event minutes-closed - MinutesClosedEvent: the connection ended for good (finalised, forbidden, …)
 */
@customElement('yishi-minutes-editor')
export class MinutesEditor extends LitElement {
  static override styles = [
    shared,
    minutesDocumentStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 0.5rem;
      }
      [role='toolbar'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      [role='toolbar'] button {
        padding: 0.3rem 0.6rem;
      }
      .state {
        font-weight: 600;
        padding: 0.2rem 0.6rem;
        border-radius: 999px;
        background: #e8eef5;
      }
      .state[data-state='offline'],
      .state[data-state='closed'] {
        background: #fdecea;
        color: #a4161a;
      }
      /* The projector says nothing while all is well, and says it large when it is not. */
      :host([size='stage']) .bar {
        margin-bottom: 0.2em;
      }
      :host([size='stage']) .state {
        font-size: 1em;
        padding: 0 0.4em;
      }
      :host([size='stage']) .state[data-state='synced'] {
        display: none;
      }
      .editors {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        list-style: none;
        margin: 0 0 0.5rem;
        padding: 0;
      }
      .editors li {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
      }
    `,
  ];

  /** The meeting whose minutes to open. */
  @property({ type: Number, attribute: 'meeting-id' }) meetingId = 0;
  /** Show without any way to edit (viewers, the projector, participants). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** The projector's token (instead of a staff session). */
  @property({ attribute: 'screen-token' }) screenToken = '';
  /** A checked-in participant's personal token (instead of a staff session). */
  @property({ attribute: 'invite-token' }) inviteToken = '';
  /** Scrolls to this agenda item's section whenever it changes. */
  @property({ type: Number, attribute: 'follow-item-id' }) followItemId: number | null = null;
  /** Who I am to the other editors. */
  @property({ attribute: false }) user: { id: number; name: string } | null = null;
  /** 'large' type on the page; 'stage' for the projector's minutes mode (white on black, scrolls inside). */
  @property({ reflect: true }) size: 'normal' | 'large' | 'stage' = 'normal';

  private readonly i18n = new LocaleController(this);
  @state() private connection: MinutesSession['state'] = 'connecting';
  @state() private closedReason: MinutesClosedReason | null = null;
  @state() private editors: { name: string; color: string }[] = [];
  @query('.pm') private mount!: HTMLElement;
  private session: MinutesSession | null = null;
  private view: EditorView | null = null;
  private schema: Schema | null = null;
  private commands: MinutesCommands | null = null;
  private viewLocale = '';
  private cleanups: (() => void)[] = [];
  private frame = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.teardown();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.mount) this.resizeObserver?.observe(this.mount);
  }

  private teardown(): void {
    this.cleanups.forEach((fn) => fn());
    this.cleanups = [];
    cancelAnimationFrame(this.frame);
    this.view?.destroy();
    this.view = null;
    this.session?.close();
    this.session = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const reopen = ['meetingId', 'readonly', 'screenToken', 'inviteToken'].some((k) =>
      changed.has(k as keyof MinutesEditor),
    );
    if (reopen && this.meetingId) this.open();
    else if (this.session && this.viewLocale !== locale()) this.buildView();
    if (changed.has('user') && this.session && !this.readonly) this.announce();
    if (changed.has('followItemId')) this.scrollToItem();
  }

  private open(): void {
    this.teardown();
    this.connection = 'connecting';
    this.closedReason = null;
    const session = openMinutes(this.meetingId, {
      ...(this.screenToken ? { screenToken: this.screenToken } : {}),
      ...(this.inviteToken ? { inviteToken: this.inviteToken } : {}),
    });
    this.session = session;
    this.cleanups.push(
      session.onState(() => {
        const first = this.connection === 'connecting' && session.state === 'synced';
        this.connection = session.state;
        this.closedReason = session.closedReason;
        // Editable only once the document has arrived, and never after a final close.
        this.view?.setProps({});
        if (first) requestAnimationFrame(() => this.scrollToItem());
        if (session.state === 'closed' && session.closedReason)
          this.dispatchEvent(new MinutesClosedEvent(session.closedReason));
      }),
    );
    const onAwareness = () => {
      this.editors = [...session.awareness.getStates().values()]
        .map((s) => (s as { user?: { name?: unknown; color?: unknown } }).user)
        .filter((u): u is { name: string; color: string } => typeof u?.name === 'string')
        .map((u) => ({ name: u.name, color: safeColour(u.color) }));
    };
    session.awareness.on('change', onAwareness);
    this.cleanups.push(() => session.awareness.off('change', onAwareness));
    if (this.readonly) {
      session.setUser(null);
      const schedule = () => {
        cancelAnimationFrame(this.frame);
        this.frame = requestAnimationFrame(() => this.renderReadOnly());
      };
      session.fragment.observeDeep(schedule);
      this.cleanups.push(() => session.fragment.unobserveDeep(schedule));
    } else this.announce();
    this.buildView();
  }

  private announce(): void {
    if (this.user) this.session?.setUser({ name: this.user.name, color: colourFor(this.user.id) });
  }

  /** (Re)builds the view, e.g. when the language changes, since protected blocks render fixed words. */
  private buildView(): void {
    const session = this.session;
    if (!session || !this.mount) return;
    this.view?.destroy();
    this.viewLocale = locale();
    const schema = minutesSchema(t);
    this.schema = schema;
    this.commands = minutesCommands(schema);
    const plugins = this.readonly
      ? []
      : [
          ySyncPlugin(session.fragment),
          yCursorPlugin(session.awareness, { cursorBuilder, selectionBuilder }),
          yUndoPlugin(),
          protectedGuard(),
          ...minutesKeymaps(schema, this.commands),
        ];
    this.view = new EditorView(this.mount, {
      state: EditorState.create({ schema, plugins }),
      editable: () => !this.readonly && (this.connection === 'synced' || this.connection === 'offline'),
      // Writers get a multi-line text box; viewers a read-only article (aria-readonly is not allowed on one).
      attributes: {
        'aria-label': t('minutes.editor.label'),
        'data-test': 'minutes-document',
        ...(this.readonly ? { role: 'article' } : { role: 'textbox', 'aria-multiline': 'true' }),
      },
    });
    // y-prosemirror measures the selection with `view.root.createRange()`, which exists on a
    // Document but not on a ShadowRoot (where this view lives): lend it the document's, on this
    // root only — as ProseMirror itself does for getSelection.
    const root = this.view.root as (Document | ShadowRoot) & { createRange?: () => Range };
    if (!root.createRange) root.createRange = () => document.createRange();
    if (this.readonly) this.renderReadOnly();
  }

  /** Viewers: the document as it is now, from Yjs to JSON to nodes; nodes the schema rejects are skipped. */
  private renderReadOnly(): void {
    const { view, schema, session } = this;
    if (!view || !schema || !session?.fragment.doc) return;
    const children: PMNode[] = [];
    for (const json of toJSON(session.fragment.doc).content ?? []) {
      try {
        const node = schema.nodeFromJSON(json);
        node.check();
        children.push(node);
      } catch {
        // Unknown or malformed block (e.g. written by a newer version): not shown here.
      }
    }
    if (!children.length) children.push(schema.nodes.paragraph!.create());
    view.updateState(EditorState.create({ doc: schema.topNodeType.create(null, children) }));
    this.scrollToItem();
  }

  private lastScrolled: number | null = null;
  private resizeObserver: ResizeObserver | null = null;

  /**
   * Brings the followed item into view. On a phone (normal size) the page scrolls to its heading
   * once per item. On the projector's stage the document scrolls inside its own box, and is kept
   * there as the secretary types: the heading at the top, or, once the section outgrows the
   * screen, its latest lines at the bottom. Nothing is marked done while the view is hidden (a
   * screen mode not shown yet), and the box's first real size brings the item in.
   */
  private scrollToItem(): void {
    const id = this.followItemId;
    if (id == null || !this.mount) return;
    const heading = this.mount.querySelector<HTMLElement>(`h2[data-item-id="${id}"]`);
    if (!heading || !heading.getClientRects().length) return;
    if (this.size === 'stage') return this.keepInView(heading);
    if (this.lastScrolled === id) return;
    this.lastScrolled = id;
    heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  private keepInView(heading: HTMLElement): void {
    const box = this.mount;
    const top = box.getBoundingClientRect().top - box.scrollTop;
    const start = heading.getBoundingClientRect().top - top;
    // The section ends where the next agenda heading (or the footer) begins.
    let end = start + heading.offsetHeight;
    for (let n = heading.nextElementSibling; n; n = n.nextElementSibling) {
      if (n.matches('h2.item-heading, .minutes-footer')) break;
      end = n.getBoundingClientRect().bottom - top;
    }
    box.scrollTop = Math.max(0, Math.max(start, end - box.clientHeight));
  }

  override firstUpdated(): void {
    // The projector keeps every mode rendered and shows one: the box gets its size when shown.
    this.resizeObserver = new ResizeObserver(() => this.scrollToItem());
    this.resizeObserver.observe(this.mount);
  }

  private run(command: keyof MinutesCommands): void {
    const view = this.view;
    const cmd = this.commands?.[command];
    if (!view || !cmd || !view.editable) return;
    cmd(view.state, view.dispatch, view);
    view.focus();
  }

  private stateText(): string {
    if (this.connection === 'closed' && this.closedReason) return t(`minutes.closed.${this.closedReason}`);
    return t(`minutes.state.${this.connection}`);
  }

  override render() {
    const writing = !this.readonly && this.connection !== 'closed';
    return html`
      <div class="bar">
        ${
          writing
            ? html`<div role="toolbar" aria-label=${t('minutes.toolbar.label')} data-test="minutes-toolbar">
                ${TOOLS.map(
                  ([command, key]) =>
                    html`<button
                      type="button"
                      class="secondary"
                      data-command=${command}
                      @mousedown=${(e: Event) => e.preventDefault()}
                      @click=${() => this.run(command)}
                    >
                      ${t(key)}
                    </button>`,
                )}
              </div>`
            : nothing
        }
        <span class="state" role="status" data-state=${this.connection} data-test="minutes-state"
          >${this.stateText()}</span
        >
      </div>
      ${
        writing && this.editors.length
          ? html`<ul class="editors" aria-label=${t('minutes.editors')} data-test="minutes-editors">
              ${this.editors.map(
                (e) =>
                  // An SVG fill, not a style attribute: the CSP refuses inline styles.
                  html`<li>
                    <svg width="14" height="14" aria-hidden="true">
                      <circle cx="7" cy="7" r="7" fill=${e.color}></circle>
                    </svg>
                    ${e.name}
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div class="pm"></div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-minutes-editor': MinutesEditor;
  }
  interface HTMLElementEventMap {
    'minutes-closed': MinutesClosedEvent;
  }
}
