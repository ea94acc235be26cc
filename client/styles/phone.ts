import { css } from 'lit';

/**
 * The frame of the pages a participant's phone shows in the hall (check-in, the live meeting,
 * the personal pass): a full-height page under the red header bar, one centred column below.
 */
export const phone = css`
  :host {
    display: block;
    min-height: 100vh;
  }
  header {
    background: #8c1c13;
    color: #fff;
    padding: 0.5rem 1rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
  }
  header h1 {
    font-size: 1.3rem;
    margin: 0;
  }
  .body {
    padding: 1rem;
    max-width: 40rem;
    margin: 0 auto;
  }
`;
