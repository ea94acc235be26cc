import { css } from 'lit';

/**
 * The projector's look, legible from the back of a village hall: white and yellow on black
 * (21:1 and 15:1), body text never below 32 px, sizes in `em` of the stage's font size, which
 * the screen page scales with the window (client/pages/screen-page.ts).
 */
export const hall = css`
  :host {
    display: block;
    color: #fff;
    line-height: 1.35;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3,
  p,
  ol,
  ul {
    margin: 0;
  }
  .kicker {
    color: #ffd54f;
    font-weight: 700;
  }
  .big {
    font-size: 1.6em;
    font-weight: 700;
    line-height: 1.2;
  }
  .muted {
    color: #d0d4d8;
  }
  .met {
    color: #8df59a;
  }
  .unmet {
    color: #ffab91;
  }
`;
