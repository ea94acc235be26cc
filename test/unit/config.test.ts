import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../server/config.js';

test('defaults: port 3000, SQLite under ./data, demo on, and a LAN public URL rather than localhost', () => {
  const c = loadConfig({}, '/srv/yishi');
  assert.is(c.port, 3000);
  assert.is(c.databaseUrl, 'sqlite:/srv/yishi/data/yishi.sqlite');
  assert.is(c.demo, true);
  assert.is(c.redisUrl, null);
  assert.not.match(c.publicUrl, /localhost/);
  assert.match(c.publicUrl, /^http:\/\/[\d.]+:3000$/);
});

test('environment overrides, with https public URLs turning on secure cookies', () => {
  const c = loadConfig({
    PORT: '8080',
    PUBLIC_URL: 'https://yishi.example.cn/',
    YISHI_DEMO: '0',
    DATABASE_URL: 'postgres://x@h/db',
  });
  assert.is(c.port, 8080);
  assert.is(c.publicUrl, 'https://yishi.example.cn');
  assert.is(c.secureCookies, true);
  assert.is(c.demo, false);
  assert.is(c.databaseUrl, 'postgres://x@h/db');
});

test('invalid settings stop the start with a message naming the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => loadConfig({ YISHI_DEMO: 'yes' }), /YISHI_DEMO/);
});

test('REDIS_URL runs several instances, which needs PostgreSQL: with SQLite the start is refused', () => {
  assert.throws(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }), /REDIS_URL[\s\S]*PostgreSQL/);
  const c = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', DATABASE_URL: 'postgres://x@h/db' });
  assert.is(c.redisUrl, 'redis://127.0.0.1:6379/2');
  assert.is(c.redisKeyPrefix, 'yishi:');
  assert.throws(() => loadConfig({ REDIS_URL: 'http://h', DATABASE_URL: 'postgres://x@h/db' }), /REDIS_URL/);
  assert.throws(() => loadConfig({ REDIS_KEY_PREFIX: 'a b' }), /REDIS_KEY_PREFIX/);
});

test('only loopback is trusted to forward client addresses unless told otherwise', () => {
  assert.is(loadConfig({}).trustProxy, 'loopback');
  assert.is(loadConfig({ YISHI_TRUST_PROXY: 'loopback, 10.0.0.10' }).trustProxy, 'loopback, 10.0.0.10');
});

test('extra browser origins for Socket.IO and Yjs are normalised origins; anything else stops the start', () => {
  assert.equal(loadConfig({}).allowedOrigins, []);
  assert.equal(
    loadConfig({ YISHI_ALLOWED_ORIGINS: 'https://Yishi.Example.cn/, http://10.0.0.5:3000 ,https://a.example:443' })
      .allowedOrigins,
    ['https://yishi.example.cn', 'http://10.0.0.5:3000', 'https://a.example'],
  );
  for (const bad of ['yishi.example.cn', 'https://x.cn/path', 'ftp://x.cn', 'https://u:p@x.cn', '*'])
    assert.throws(() => loadConfig({ YISHI_ALLOWED_ORIGINS: bad }), /YISHI_ALLOWED_ORIGINS/, bad);
});

test.run();
