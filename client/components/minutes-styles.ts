import { css } from 'lit';

/**
 * How a minutes document looks, in the editor and in every read-only view: ProseMirror's own
 * required rules, the protected blocks (header, numbered agenda headings, boxed vote results,
 * footer with its hash), and other editors' carets. `:host([size='large'])` is a projector page, `:host([size='stage'])` the projector's minutes mode.
 */
export const minutesDocumentStyles = css`
  .ProseMirror {
    position: relative;
    word-wrap: break-word;
    white-space: pre-wrap;
    white-space: break-spaces;
    font-variant-ligatures: none;
    min-height: 12rem;
    padding: 1rem 1.25rem;
    background: #fff;
    border: 1px solid #c4cad0;
    border-radius: 12px;
    counter-reset: item;
    font-size: 1.1rem;
    line-height: 1.75;
  }
  .ProseMirror:focus-visible {
    outline: 3px solid #b35c00;
    outline-offset: 2px;
  }
  .ProseMirror [contenteditable='false'] {
    white-space: normal;
    user-select: none;
  }
  .ProseMirror p {
    margin: 0 0 0.6rem;
  }
  .ProseMirror h3 {
    font-size: 1.2rem;
    margin: 1rem 0 0.4rem;
  }
  .ProseMirror h4 {
    font-size: 1.1rem;
    margin: 0.8rem 0 0.3rem;
  }
  .ProseMirror blockquote {
    margin: 0.5rem 0;
    padding-left: 1rem;
    border-left: 4px solid #9aa3ab;
    color: #33393f;
  }
  .ProseMirror ul,
  .ProseMirror ol {
    padding-left: 1.6rem;
    margin: 0 0 0.6rem;
  }
  .minutes-header {
    border-bottom: 2px solid #8c1c13;
    margin-bottom: 1rem;
    padding-bottom: 0.5rem;
  }
  .minutes-header h1 {
    font-size: 1.5rem;
    margin: 0 0 0.5rem;
  }
  .minutes-header dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.1rem 1rem;
    margin: 0;
  }
  .minutes-header dl > div {
    display: contents;
  }
  .minutes-header dt {
    font-weight: 600;
    color: #4a545e;
  }
  .minutes-header dd {
    margin: 0;
  }
  h2.item-heading {
    font-size: 1.3rem;
    margin: 1.5rem 0 0.5rem;
    padding-top: 0.5rem;
    border-top: 1px solid #c4cad0;
    scroll-margin-top: 1rem;
  }
  h2.item-heading::before {
    counter-increment: item;
    content: counter(item) '. ';
  }
  .vote-result {
    margin: 0.75rem 0;
    padding: 0.75rem 1rem;
    background: #f3f0e8;
    border: 2px solid #8c7a4f;
    border-radius: 8px;
  }
  .vote-result .vote-title {
    margin: 0 0 0.25rem;
  }
  .vote-result ul {
    margin: 0;
  }
  .minutes-footer {
    margin-top: 1.5rem;
    padding-top: 0.75rem;
    border-top: 2px solid #1b1f24;
    font-size: 0.95rem;
  }
  .minutes-footer p {
    margin: 0.2rem 0;
  }
  .minutes-footer .sha {
    font-family: ui-monospace, monospace;
    word-break: break-all;
  }
  .remote-caret {
    position: relative;
    margin-left: -1px;
    margin-right: -1px;
    border-left: 2px solid;
    word-break: normal;
    pointer-events: none;
  }
  .remote-name {
    position: absolute;
    top: -1.35em;
    left: -2px;
    font-size: 0.8rem;
    line-height: 1.3;
    font-weight: 600;
    color: #fff;
    padding: 0 0.3rem;
    border-radius: 4px 4px 4px 0;
    white-space: nowrap;
    user-select: none;
  }
  .ProseMirror {
    /* The document sets its own ink: it sits on pages whose own text colour may be light. */
    color: #1b1f24;
  }
  :host([size='large']) .ProseMirror {
    font-size: 1.7rem;
    border: none;
    /* Room below the last section, so the projector can bring any item to the top of the screen. */
    padding-bottom: 80vh;
  }
  :host([size='large']) h2.item-heading {
    font-size: 2rem;
  }
  :host([size='large']) .minutes-header h1 {
    font-size: 2.2rem;
  }
  /*
   * The projector's stage: white and yellow on black like every other screen mode, nothing below 32 px
   * (the stage's font size, inherited as 1em), and the document scrolled inside its own box so
   * the current item's section stays in view (minutes-editor.ts, followItem).
   */
  :host([size='stage']) {
    font-size: inherit;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  :host([size='stage']) .pm {
    flex: 1;
    min-height: 0;
    overflow: hidden;
  }
  :host([size='stage']) .ProseMirror {
    font-size: 1em;
    line-height: 1.45;
    color: #fff;
    background: transparent;
    border: none;
    border-radius: 0;
    padding: 0;
    min-height: 0;
    /* Room below the last section, so the projector can bring any item to the top of the screen. */
    padding-bottom: 80vh;
  }
  :host([size='stage']) .ProseMirror p {
    margin-bottom: 0.3em;
  }
  :host([size='stage']) .ProseMirror blockquote {
    color: #d0d4d8;
    border-left-color: #d0d4d8;
  }
  :host([size='stage']) .minutes-header {
    border-bottom-color: #ffd54f;
  }
  :host([size='stage']) .minutes-header h1 {
    font-size: 1.2em;
  }
  :host([size='stage']) .minutes-header dt {
    color: #ffd54f;
  }
  :host([size='stage']) h2.item-heading {
    font-size: 1.2em;
    color: #ffd54f;
    border-top-color: #5b6670;
    margin: 0.4em 0 0.2em;
    padding-top: 0.2em;
  }
  :host([size='stage']) .ProseMirror h3 {
    font-size: 1.1em;
  }
  :host([size='stage']) .ProseMirror h4 {
    font-size: 1em;
  }
  :host([size='stage']) .vote-result {
    background: #1b1f24;
    border-color: #ffd54f;
    color: #fff;
  }
  :host([size='stage']) .minutes-footer {
    font-size: 1em;
    border-top-color: #fff;
  }
`;
