import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AliyunSmsProvider } from '../../server/services/sms/aliyun.js';
import { SmsError } from '../../server/services/sms/provider.js';
import { TencentSmsProvider } from '../../server/services/sms/tencent.js';
import { startFakeAliyun, startFakeTencent } from '../helpers/sms-fakes.js';

/** Each adapter against a local server that answers like the provider and checks its signature. */
const aliyun = await startFakeAliyun('LTAI-test', 'aliyun-secret');
const tencent = await startFakeTencent('AKID-test', 'tencent-secret');
test.after(async () => {
  await aliyun.close();
  await tencent.close();
});

const aliyunConfig = {
  provider: 'aliyun' as const,
  accessKeyId: 'LTAI-test',
  accessKeySecret: 'aliyun-secret',
  signName: '议事村务',
  templateCode: 'SMS_123',
  resultTemplateCode: 'SMS_456',
  endpoint: aliyun.url,
};
const tencentConfig = {
  provider: 'tencent' as const,
  secretId: 'AKID-test',
  secretKey: 'tencent-secret',
  sdkAppId: '1400000000',
  signName: '议事村务',
  templateId: '654321',
  resultTemplateId: null,
  region: 'ap-guangzhou',
  endpoint: tencent.url,
};

test('Aliyun: a signed SendSms with the code and minutes as template parameters is accepted', async () => {
  await new AliyunSmsProvider(aliyunConfig).send({ phone: '13800001000', template: 'code', params: ['123456', '10'] });
  assert.equal(aliyun.sent.at(-1), { phone: '13800001000', params: ['123456', '10'] });
});

test('Aliyun: a wrong secret is refused by the signature check, and the adapter says so', async () => {
  const refused = aliyun.refused;
  try {
    await new AliyunSmsProvider({ ...aliyunConfig, accessKeySecret: 'wrong' }).send({
      phone: '13800001000',
      template: 'code',
      params: ['1', '10'],
    });
    assert.unreachable('should have been refused');
  } catch (err) {
    assert.instance(err, SmsError);
    assert.is((err as SmsError).providerCode, 'SignatureDoesNotMatch');
  }
  assert.is(aliyun.refused, refused + 1);
});

test('Aliyun: a request signed for another time is refused', async () => {
  const stale = new AliyunSmsProvider(aliyunConfig, () => new Date(Date.now() - 3600_000));
  try {
    await stale.send({ phone: '13800001000', template: 'code', params: ['1', '10'] });
    assert.unreachable('should have been refused');
  } catch (err) {
    assert.is((err as SmsError).providerCode, 'InvalidTimeStamp.Expired');
  }
});

test('Tencent: a signed SendSms to +86… with the template parameters is accepted', async () => {
  await new TencentSmsProvider(tencentConfig).send({
    phone: '13900002000',
    template: 'code',
    params: ['654321', '10'],
  });
  assert.equal(tencent.sent.at(-1), { phone: '13900002000', params: ['654321', '10'] });
});

test('Tencent: a wrong secret key is refused by the signature check', async () => {
  try {
    await new TencentSmsProvider({ ...tencentConfig, secretKey: 'wrong' }).send({
      phone: '13900002000',
      template: 'code',
      params: ['1', '10'],
    });
    assert.unreachable('should have been refused');
  } catch (err) {
    assert.instance(err, SmsError);
    assert.is((err as SmsError).providerCode, 'AuthFailure.SignatureFailure');
  }
});

test('a provider that cannot be reached fails with an SmsError, not a hang', async () => {
  try {
    await new TencentSmsProvider({ ...tencentConfig, endpoint: 'http://127.0.0.1:9' }).send({
      phone: '13900002000',
      template: 'code',
      params: ['1', '10'],
    });
    assert.unreachable('should have failed');
  } catch (err) {
    assert.instance(err, SmsError);
  }
});

test.run();
