import { createHash, createHmac } from 'node:crypto';
import { SMS_TIMEOUT_MS, SmsError, type SmsMessage, type SmsProvider, type TencentSmsConfig } from './provider.js';

const SERVICE = 'sms';
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Tencent Cloud API 3.0's signature (TC3-HMAC-SHA256): a canonical request over content-type and
 * host, a string to sign scoped to the UTC day and the service, and a key derived from the secret
 * through the day, the service and "tc3_request".
 */
export function signTc3(input: {
  host: string;
  body: string;
  timestamp: number;
  secretId: string;
  secretKey: string;
}): string {
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${CONTENT_TYPE}\nhost:${input.host}\n`,
    'content-type;host',
    sha256Hex(input.body),
  ].join('\n');
  const day = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${day}/${SERVICE}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${scope}\n${sha256Hex(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, day), SERVICE), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

interface TencentReply {
  Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] };
}

/** Tencent Cloud SMS (短信 2021-01-11), the SendSms action. */
export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencent' as const;
  constructor(
    private readonly config: TencentSmsConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  can(template: SmsMessage['template']): boolean {
    return template === 'code' || this.config.resultTemplateId !== null;
  }

  async send(message: SmsMessage): Promise<void> {
    const url = new URL(this.config.endpoint);
    const result = message.template === 'result';
    if (result && !this.config.resultTemplateId) throw new SmsError('no result template configured');
    const body = JSON.stringify({
      PhoneNumberSet: [`+86${message.phone}`],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: this.config.signName,
      TemplateId: result ? this.config.resultTemplateId! : this.config.templateId,
      TemplateParamSet: message.params,
    });
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const authorization = signTc3({
      host: url.host,
      body,
      timestamp,
      secretId: this.config.secretId,
      secretKey: this.config.secretKey,
    });
    let reply: TencentReply;
    try {
      const res = await fetch(`${url.origin}/`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': CONTENT_TYPE,
          'x-tc-action': ACTION,
          'x-tc-version': VERSION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': this.config.region,
        },
        body,
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      });
      reply = (await res.json()) as TencentReply;
    } catch (err) {
      throw new SmsError(`Tencent SMS unreachable: ${(err as Error).message}`);
    }
    const error = reply.Response?.Error;
    if (error) throw new SmsError(`Tencent SMS refused: ${error.Message}`, error.Code);
    const status = reply.Response?.SendStatusSet?.[0];
    if (!status || status.Code !== 'Ok')
      throw new SmsError(`Tencent SMS refused: ${status?.Message ?? 'no status'}`, status?.Code);
  }
}
