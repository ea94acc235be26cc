import type { Logger } from '../../logger.js';
import { AliyunSmsProvider } from './aliyun.js';
import { LogSmsProvider } from './log-provider.js';
import type { SmsConfig, SmsProvider } from './provider.js';
import { TencentSmsProvider } from './tencent.js';

export type { SmsConfig, SmsMessage, SmsProvider } from './provider.js';
export { SmsError } from './provider.js';

/** The provider the configuration names (YISHI_SMS_PROVIDER; README "SMS"). */
export function createSmsProvider(config: SmsConfig, logger: Logger): SmsProvider {
  switch (config.provider) {
    case 'aliyun':
      return new AliyunSmsProvider(config);
    case 'tencent':
      return new TencentSmsProvider(config);
    case 'log':
      return new LogSmsProvider(logger);
  }
}
