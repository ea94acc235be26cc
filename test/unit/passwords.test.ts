import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIN_PASSWORD_SCORE, passwordScore, strongEnough } from '../../shared/rules/password-strength.js';
import { DUMMY_HASH, generatePassword, hashPassword, verifyPassword } from '../../server/services/passwords.js';

test('a hashed password verifies, a wrong one does not, and salts differ', async () => {
  const h1 = await hashPassword('村委会议事123');
  const h2 = await hashPassword('村委会议事123');
  assert.is.not(h1, h2);
  assert.ok(await verifyPassword('村委会议事123', h1));
  assert.not.ok(await verifyPassword('村委会议事124', h1));
});

test('the dummy hash never verifies and malformed hashes are rejected', async () => {
  assert.not.ok(await verifyPassword('', DUMMY_HASH));
  assert.not.ok(await verifyPassword('x', 'md5$abc'));
});

test('generated passwords avoid look-alike characters', () => {
  for (let i = 0; i < 200; i++)
    assert.match(
      generatePassword(),
      /^[a-km-np-zA-HJ-NP-Z2-9]{5}-[a-km-np-zA-HJ-NP-Z2-9]{5}-[a-km-np-zA-HJ-NP-Z2-9]{5}$/,
    );
});

test('strength: repeats, common passwords and keyboard runs fall short of the minimum score; phrases pass', () => {
  for (const weak of ['aaaaaaaaaaaa', 'password123', 'qwertyuiop', '1234567890', 'Password123!', 'iloveyou2026'])
    assert.not.ok(strongEnough(weak), weak);
  for (const strong of [
    'a-new-long-password',
    'correct horse battery staple',
    'Tao-yuan-cun-17!',
    '桃园村议事会2026年冬',
  ])
    assert.ok(strongEnough(strong), strong);
  assert.is.not(passwordScore('wangjianguo2026', ['wangjianguo']) >= MIN_PASSWORD_SCORE, true);
});

test('every generated password (first-run logins, resets) passes the strength rule', () => {
  for (let i = 0; i < 300; i++) {
    const password = generatePassword();
    assert.ok(strongEnough(password), password);
  }
});

test.run();
