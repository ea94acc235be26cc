import type { Logger } from '../../logger.js';
import type { SmsMessage, SmsProvider } from './provider.js';

/**
 * Development and demo: the message goes to the server log (with the number partly hidden), so a
 * village trying Yishi out can co-sign by phone without an SMS contract.
 */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log' as const;
  constructor(private readonly logger: Logger) {}

  can(): boolean {
    return true;
  }

  async send(message: SmsMessage): Promise<void> {
    const masked = `${message.phone.slice(0, 3)}****${message.phone.slice(7)}`;
    const text =
      message.template === 'code'
        ? `code ${message.params[0]}`
        : `result of "${message.params[0]}": ${message.params[1]}`;
    this.logger.info(
      { sms: { to: masked, template: message.template, params: message.params } },
      `SMS to ${masked}: ${text}`,
    );
  }
}
