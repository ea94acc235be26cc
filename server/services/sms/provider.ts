/**
 * Text messages (短信) go through one small interface, so the county picks its carrier by
 * configuration: Aliyun SMS, Tencent Cloud SMS, or `log` (development and the demo: the code is
 * written to the server log and nothing leaves the machine).
 *
 * Both cloud adapters call the providers' documented HTTP APIs with node's own crypto and fetch
 * instead of their SDKs: each SDK (@alicloud/dysmsapi20170525 with its tea/openapi/credentials
 * stack, tencentcloud-sdk-nodejs-sms with its common runtime) adds megabytes and a dozen packages
 * to call one action, while the request signatures are short, documented and tested here against
 * local servers that check them the way the providers do.
 */
export interface SmsMessage {
  /** Mainland mobile, 11 digits. */
  phone: string;
  /**
   * `code`: a one-time code (parameters: the code, the minutes it stays valid). `result`: a topic
   * the resident co-signed has a result (parameters: the topic's title, shortened, and its state).
   */
  template: 'code' | 'result';
  params: string[];
}

export interface SmsProvider {
  readonly name: 'log' | 'aliyun' | 'tencent';
  /** Resolves once the provider accepted the message; rejects with SmsError otherwise. */
  send(message: SmsMessage): Promise<void>;
  /** Whether this provider has a template for the kind of message (the result template is optional). */
  can(template: SmsMessage['template']): boolean;
}

export class SmsError extends Error {
  constructor(
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

export interface AliyunSmsConfig {
  provider: 'aliyun';
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Template for "a topic you co-signed has a result"; unset: such messages are not sent. */
  resultTemplateCode: string | null;
  /** https://dysmsapi.aliyuncs.com unless a test points it at a local server. */
  endpoint: string;
}

export interface TencentSmsConfig {
  provider: 'tencent';
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  resultTemplateId: string | null;
  region: string;
  /** https://sms.tencentcloudapi.com unless a test points it at a local server. */
  endpoint: string;
}

export type SmsConfig = { provider: 'log' } | AliyunSmsConfig | TencentSmsConfig;

/** Gives up on a provider that does not answer, so a resident is not left waiting on a spinner. */
export const SMS_TIMEOUT_MS = 8_000;
