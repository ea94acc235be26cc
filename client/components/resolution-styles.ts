import { css } from 'lit';

/** State badges and deadline colours shared by the dashboard, the inbox, the detail and the board. */
export const resolutionStyles = css`
  .badge {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    background: #e6ebf0;
    font-size: 0.9rem;
  }
  .overdue {
    color: #a4000f;
    font-weight: 700;
  }
  .due_soon {
    color: #8a5300;
    font-weight: 700;
  }
  tr.overdue td:first-child {
    border-left: 6px solid #c8102e;
  }
  tr.due_soon td:first-child {
    border-left: 6px solid #f0a500;
  }
`;
