import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
