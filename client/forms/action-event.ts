/**
 * A review or desk form was submitted with a valid body; the page that hosts the form runs the
 * action (asking for confirmation first when it cannot be undone) and shows the outcome.
 */
export class ActionSubmitEvent<T = unknown> extends Event {
  static readonly type = 'action-submit';
  constructor(readonly body: T) {
    super(ActionSubmitEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'action-submit': ActionSubmitEvent;
  }
}
