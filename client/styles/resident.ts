import { css } from 'lit';

/**
 * What the residents' pages add to `shared`: one column that fills a 360 px phone, fields full
 * width, a primary action as wide as the screen, and status colours with ≥ 4.5:1 contrast.
 */
export const resident = css`
  :host {
    display: block;
  }
  input,
  select,
  textarea {
    max-width: none;
    font-size: 1.05rem;
  }
  textarea {
    min-height: 8rem;
  }
  .primary {
    width: 100%;
    font-size: 1.15rem;
    min-height: 56px;
    margin-top: 1.25rem;
  }
  .hint {
    color: #4a545e;
    margin: 0.15rem 0 0;
  }
  .notice {
    border-radius: 12px;
    padding: 0.75rem 1rem;
    margin: 1rem 0;
  }
  .notice.warn {
    background: #fff4ce;
    color: #4a3b00;
    border: 2px solid #b38600;
  }
  .notice.ok {
    background: #e6f4ea;
    color: #0d4a1f;
    border: 2px solid #2e7d32;
  }
  .status {
    display: inline-block;
    border-radius: 999px;
    padding: 0.1rem 0.75rem;
    font-weight: 700;
    background: #e8eef5;
    color: #0b3d70;
  }
  .status[data-status='accepted'],
  .status[data-status='referred'] {
    background: #e6f4ea;
    color: #0d4a1f;
  }
  .status[data-status='declined'] {
    background: #fde8e8;
    color: #7a1014;
  }
  ul.plain {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .big-code {
    font-size: 2.2rem;
    font-weight: 700;
    letter-spacing: 0.12em;
    font-variant-numeric: tabular-nums;
    margin: 0.25rem 0;
  }
`;
