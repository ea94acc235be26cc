import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for Aliyun SMS and Tencent Cloud SMS that answer like their APIs and check the
 * request signature the way the providers document it — rebuilt here from the raw request that
 * arrived (method, path, query, headers, body), not from what the adapter meant to send — so an
 * adapter that signs the wrong thing is refused exactly as the real service would refuse it.
 */
export interface FakeSms {
  url: string;
  /** Messages accepted: the number and the template parameters. */
  sent: { phone: string; params: string[] }[];
  /** Requests refused for a bad signature. */
  refused: number;
  close(): Promise<void>;
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function serve(handler: (req: http.IncomingMessage, body: string) => { status: number; json: unknown }): Promise<{
  url: string;
  server: http.Server;
}> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const out = handler(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.json));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

const rfc3986 = (v: string) =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Aliyun dysmsapi 2017-05-25 SendSms with the V3 signature (ACS3-HMAC-SHA256). */
export async function startFakeAliyun(accessKeyId: string, accessKeySecret: string): Promise<FakeSms> {
  const fake: Omit<FakeSms, 'url' | 'close'> = { sent: [], refused: 0 };
  const { url, server } = await serve((req, body) => {
    const u = new URL(req.url!, 'http://x');
    const auth = String(req.headers.authorization ?? '');
    const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
    const refuse = (Code: string) => {
      fake.refused++;
      return { status: 400, json: { Code, Message: Code, RequestId: 'fake' } };
    };
    if (!m || m[1] !== accessKeyId) return refuse('InvalidAccessKeyId.NotFound');
    if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25')
      return refuse('InvalidAction');
    if (req.headers['x-acs-content-sha256'] !== sha256Hex(body)) return refuse('IncompleteSignature');
    const signed = m[2]!.split(';');
    if (!signed.includes('host') || !signed.includes('x-acs-date') || !signed.includes('x-acs-signature-nonce'))
      return refuse('IncompleteSignature');
    const query = [...u.searchParams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .join('&');
    const headerLines = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
    const canonical = ['POST', u.pathname, query, headerLines, signed.join(';'), sha256Hex(body)].join('\n');
    const expected = createHmac('sha256', accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`)
      .digest('hex');
    if (expected !== m[3]) return refuse('SignatureDoesNotMatch');
    const date = Date.parse(String(req.headers['x-acs-date']));
    if (!(Math.abs(Date.now() - date) < 15 * 60_000)) return refuse('InvalidTimeStamp.Expired');
    const param = JSON.parse(u.searchParams.get('TemplateParam') ?? '{}') as Record<string, string>;
    fake.sent.push({ phone: u.searchParams.get('PhoneNumbers') ?? '', params: Object.values(param) });
    return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: 'fake-biz', RequestId: 'fake' } };
  });
  return Object.assign(fake, { url, close: () => new Promise<void>((r) => server.close(() => r())) });
}

/** Tencent Cloud SMS 2021-01-11 SendSms with API 3.0's signature (TC3-HMAC-SHA256). */
export async function startFakeTencent(secretId: string, secretKey: string): Promise<FakeSms> {
  const fake: Omit<FakeSms, 'url' | 'close'> = { sent: [], refused: 0 };
  const { url, server } = await serve((req, body) => {
    const refuse = (Code: string) => {
      fake.refused++;
      return { status: 200, json: { Response: { Error: { Code, Message: Code }, RequestId: 'fake' } } };
    };
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m || m[1] !== secretId) return refuse('AuthFailure.SecretIdNotFound');
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11')
      return refuse('InvalidAction');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!(Math.abs(Date.now() / 1000 - timestamp) < 300)) return refuse('AuthFailure.SignatureExpire');
    const day = new Date(timestamp * 1000).toISOString().slice(0, 10);
    if (day !== m[2]) return refuse('AuthFailure.SignatureFailure');
    const signed = m[3]!.split(';');
    const headerLines = signed
      .map(
        (h) =>
          `${h}:${String(req.headers[h] ?? '')
            .trim()
            .toLowerCase()}\n`,
      )
      .join('');
    const canonical = ['POST', '/', '', headerLines, signed.join(';'), sha256Hex(body)].join('\n');
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${day}/sms/tc3_request\n${sha256Hex(canonical)}`;
    const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
    const key = hmac(hmac(hmac(`TC3${secretKey}`, day), 'sms'), 'tc3_request');
    if (createHmac('sha256', key).update(toSign).digest('hex') !== m[4]) return refuse('AuthFailure.SignatureFailure');
    const payload = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateParamSet: string[] };
    fake.sent.push({ phone: payload.PhoneNumberSet[0]!.replace(/^\+86/, ''), params: payload.TemplateParamSet });
    return {
      status: 200,
      json: {
        Response: {
          SendStatusSet: [{ Code: 'Ok', Message: 'send success', PhoneNumber: payload.PhoneNumberSet[0] }],
          RequestId: 'fake',
        },
      },
    };
  });
  return Object.assign(fake, { url, close: () => new Promise<void>((r) => server.close(() => r())) });
}
