import { css } from 'lit';

/**
 * The look every element adopts: type never below 18 px (elderly readers on small phones),
 * 48 px touch targets, a 3 px focus ring, and colours that pass WCAG AA on their backgrounds
 * (ink #1b1f24 unless a projector sets --yishi-ink, links/primary #0b57a4, danger #a4161a, muted #4a545e — all ≥ 7:1 on white).
 * Served as adopted stylesheets, which the CSP (no 'unsafe-inline' for styles) allows.
 */
export const shared = css`
  :host {
    font-size: 1rem;
    line-height: 1.6;
    color: var(--yishi-ink, #1b1f24);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1 {
    font-size: 1.6rem;
    line-height: 1.3;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.3rem;
    line-height: 1.3;
    margin: 1.5rem 0 0.75rem;
  }
  a {
    color: #0b57a4;
  }
  button {
    font: inherit;
    min-height: 48px;
    min-width: 48px;
    padding: 0.4rem 1rem;
    border-radius: 8px;
    border: 2px solid #0b57a4;
    background: #0b57a4;
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: #0b57a4;
  }
  button.danger {
    background: #a4161a;
    border-color: #a4161a;
    color: #fff;
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  input,
  select,
  textarea {
    font: inherit;
    min-height: 48px;
    padding: 0.4rem 0.6rem;
    border: 2px solid #5b6670;
    border-radius: 8px;
    width: 100%;
    max-width: 32rem;
    background: #fff;
    color: inherit;
  }
  [aria-invalid='true'] {
    border-color: #a4161a;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  :focus-visible {
    outline: 3px solid #b35c00;
    outline-offset: 2px;
  }
  .error {
    color: #a4161a;
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .muted {
    color: var(--yishi-muted, #4a545e);
  }
  .row {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
    align-items: center;
  }
  .table-wrap {
    overflow-x: auto;
    margin-bottom: 1rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: #fff;
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem;
    border-bottom: 1px solid #c4cad0;
    vertical-align: top;
  }
  .card {
    background: #fff;
    border: 1px solid #c4cad0;
    border-radius: 12px;
    padding: 1rem;
    margin-bottom: 1rem;
  }
  .card > :first-child {
    margin-top: 0;
  }
  .actions {
    margin-top: 1rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
