import { customElement } from 'lit/decorators.js';
import { FollowPage } from './follow-page.js';

/** @summary /follow/inbox: the follow page showing a unit's work instead of the dashboard. */
@customElement('yishi-inbox-page')
export class InboxPage extends FollowPage {
  override view: 'follow' | 'inbox' = 'inbox';
}

declare global {
  interface HTMLElementTagNameMap {
    'yishi-inbox-page': InboxPage;
  }
}
