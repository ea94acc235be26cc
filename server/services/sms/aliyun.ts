import { createHash, createHmac, randomUUID } from 'node:crypto';
import { SMS_TIMEOUT_MS, SmsError, type AliyunSmsConfig, type SmsMessage, type SmsProvider } from './provider.js';

const ACTION = 'SendSms';
const VERSION = '2017-05-25';

/** RFC 3986 percent-encoding, as Aliyun's canonical query string wants it. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/**
 * Aliyun's V3 request signature (ACS3-HMAC-SHA256): a canonical request of method, path, sorted
 * query, the host and x-acs-* headers and the body's hash, hashed and signed with the secret.
 */
export function signAcs3(input: {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  accessKeySecret: string;
}): string {
  const query = Object.keys(input.query)
    .sort()
    .map((k) => `${acsEncode(k)}=${acsEncode(input.query[k]!)}`)
    .join('&');
  const signed = Object.keys(input.headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k === 'host' || k === 'content-type' || k.startsWith('x-acs-'))
    .sort();
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonical = [
    input.method,
    input.path,
    query,
    signed.map((k) => `${k}:${lower[k]}\n`).join(''),
    signed.join(';'),
    sha256Hex(input.body),
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign, 'utf8').digest('hex');
  return `ACS3-HMAC-SHA256 Credential=${input.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
}

/** Aliyun SMS (短信服务, dysmsapi 2017-05-25), the SendSms action. */
export class AliyunSmsProvider implements SmsProvider {
  readonly name = 'aliyun' as const;
  constructor(
    private readonly config: AliyunSmsConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  can(template: SmsMessage['template']): boolean {
    return template === 'code' || this.config.resultTemplateCode !== null;
  }

  async send(message: SmsMessage): Promise<void> {
    const url = new URL(this.config.endpoint);
    const result = message.template === 'result';
    if (result && !this.config.resultTemplateCode) throw new SmsError('no result template configured');
    const query = {
      PhoneNumbers: message.phone,
      SignName: this.config.signName,
      TemplateCode: result ? this.config.resultTemplateCode! : this.config.templateCode,
      TemplateParam: JSON.stringify(
        result
          ? { title: message.params[0], state: message.params[1] }
          : { code: message.params[0], minutes: message.params[1] },
      ),
    };
    const body = '';
    const headers: Record<string, string> = {
      host: url.host,
      'x-acs-action': ACTION,
      'x-acs-version': VERSION,
      'x-acs-date': this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomUUID(),
      'x-acs-content-sha256': sha256Hex(body),
    };
    headers.authorization = signAcs3({
      method: 'POST',
      path: '/',
      query,
      headers,
      body,
      accessKeyId: this.config.accessKeyId,
      accessKeySecret: this.config.accessKeySecret,
    });
    const search = Object.entries(query)
      .map(([k, v]) => `${acsEncode(k)}=${acsEncode(v)}`)
      .join('&');
    const { host: _host, ...sent } = headers;
    let reply: { Code?: string; Message?: string };
    try {
      const res = await fetch(`${url.origin}/?${search}`, {
        method: 'POST',
        headers: sent,
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      });
      reply = (await res.json()) as typeof reply;
    } catch (err) {
      throw new SmsError(`Aliyun SMS unreachable: ${(err as Error).message}`);
    }
    if (reply.Code !== 'OK') throw new SmsError(`Aliyun SMS refused: ${reply.Message ?? 'no message'}`, reply.Code);
  }
}
