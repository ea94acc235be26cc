import { LitElement, css, type CSSResultGroup } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DriveCommand, MeetingView } from '../../shared/schemas/meeting.js';
import { errorMessage } from '../data/api.js';
import { driveMeeting, type HallState } from '../data/hall.js';
import { MeetingUpdatedEvent } from '../hall/modes.js';
import { LocaleController } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

type Command = DriveCommand extends infer C ? (C extends { meetingId: number } ? Omit<C, 'meetingId'> : never) : never;

/**
 * What every console panel shares (client/hall/modes.ts, CONSOLE_PANELS): the live state, the
 * meeting, whether this user may drive, and one action at a time with the server's message
 * shown on failure. Not an element itself.
 */
export class ConsolePanel extends LitElement {
  static override styles: CSSResultGroup = [
    shared,
    css`
      :host {
        display: block;
      }
      .current {
        font-weight: 700;
      }
    `,
  ];
  protected readonly i18n = new LocaleController(this);
  @property({ attribute: false }) state!: HallState;
  @property({ attribute: false }) meeting!: MeetingView;
  @property({ type: Boolean }) canDrive = false;
  @state() protected error = '';
  @state() protected busy = false;

  /** Whether this user can move the hall now: a driver, and the meeting not closed. */
  protected get drivable(): boolean {
    return this.canDrive && this.state.status !== 'closed';
  }

  /** Runs one action; a MeetingView it returns is announced to the console. */
  protected async act(fn: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'invitees' in result)
        this.dispatchEvent(new MeetingUpdatedEvent(result as MeetingView));
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  protected drive(command: Command): Promise<boolean> {
    return this.act(() => driveMeeting({ ...command, meetingId: this.meeting.id } as DriveCommand));
  }
}
