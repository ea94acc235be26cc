import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { normaliseCode } from '../../shared/rules/intake.js';
import { errorMessage } from './api.js';

/**
 * What a resident's receipt page does with a code, for topics (/t/) and objections (/o/) alike:
 * load what the code stands for, or take a typed code from the look-up form, put it in the
 * address (so reloading and sharing keep it) and load that. The host renders `view`, `error`
 * and `loading`; its `receipt` property is the code in the address.
 */
export class ReceiptLookup<T> implements ReactiveController {
  view: T | null = null;
  error = '';
  loading = false;

  constructor(
    private readonly host: ReactiveControllerHost & { receipt: string },
    private readonly options: {
      fetch: (receipt: string) => Promise<T>;
      /** Where a code lives: '/t/' or '/o/'. */
      path: string;
      /** The message for a code too short to be one, translated when shown. */
      tooShort: () => string;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.host.receipt) void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      this.view = await this.options.fetch(this.host.receipt);
    } catch (err) {
      this.view = null;
      this.error = errorMessage(err);
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** The look-up form's submit handler. */
  readonly submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const code = normaliseCode(String(new FormData(e.target as HTMLFormElement).get('receipt') ?? ''));
    if (code.length < 4) {
      this.error = this.options.tooShort();
      this.host.requestUpdate();
      return;
    }
    history.pushState(null, '', `${this.options.path}${code}`);
    this.host.receipt = code;
    void this.load();
  };
}
