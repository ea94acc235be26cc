import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '../../shared/error-codes.js';
import { CATALOGUES, MESSAGES, negotiateLocale, translate } from '../../shared/i18n/index.js';
import { LOCALES, ROLES, ORGANISATION_KINDS } from '../../shared/roles.js';

test('every message file has the same keys in Chinese and English, none empty', () => {
  for (const cat of CATALOGUES) {
    const zh = Object.keys(cat['zh-CN']).sort();
    const en = Object.keys(cat.en).sort();
    assert.equal(
      zh.filter((k) => !en.includes(k)),
      [],
      'keys missing in English',
    );
    assert.equal(
      en.filter((k) => !zh.includes(k)),
      [],
      'keys missing in Chinese',
    );
    for (const locale of LOCALES)
      for (const [k, v] of Object.entries(cat[locale])) assert.ok(v.trim(), `${locale} ${k} is empty`);
  }
});

test('placeholders match between the two languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(MESSAGES['zh-CN']))
    assert.equal(names(MESSAGES.en[key]!), names(MESSAGES['zh-CN'][key]!), key);
});

test('no key is defined by two message files', () => {
  const seen = new Map<string, number>();
  CATALOGUES.forEach((cat, i) => {
    for (const key of Object.keys(cat['zh-CN'])) {
      assert.not.ok(seen.has(key), `${key} defined twice`);
      seen.set(key, i);
    }
  });
});

test('every error code, role and organisation kind has a message', () => {
  for (const locale of LOCALES) {
    for (const code of ERROR_CODES) assert.ok(MESSAGES[locale][`error.${code}`], `${locale} error.${code}`);
    for (const role of ROLES) assert.ok(MESSAGES[locale][`role.${role}`], `${locale} role.${role}`);
    for (const kind of ORGANISATION_KINDS) assert.ok(MESSAGES[locale][`orgkind.${kind}`], `${locale} orgkind.${kind}`);
  }
});

test('translate fills parameters and falls back to Chinese, then to the key', () => {
  assert.is(translate('zh-CN', 'field.too_short', { min: 4 }), '至少需要 4 个字。');
  assert.is(translate('en', 'field.too_short', { min: 4 }), 'At least 4 characters.');
  assert.is(translate('en', 'no.such.key'), 'no.such.key');
});

test('Accept-Language picks Chinese by default and English when preferred', () => {
  assert.is(negotiateLocale(undefined), 'zh-CN');
  assert.is(negotiateLocale('en-US,en;q=0.9'), 'en');
  assert.is(negotiateLocale('zh-TW,en;q=0.5'), 'zh-CN');
  assert.is(negotiateLocale('fr-FR'), 'zh-CN');
});

test('every key the client and server use literally exists in both languages', () => {
  const files = ['client', 'server'].flatMap((dir) =>
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(dir, f)),
  );
  const missing: string[] = [];
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    // t('key'), translate(locale, 'key'), navKey: 'key', new AppError(code, 'key')
    for (const m of source.matchAll(
      /(?:\bt\(|translate\([^,]+,\s*|(?:navKey|labelKey): |AppError\('[a-z_]+', )'([a-z_]+\.[a-z0-9_.-]+)'/g,
    )) {
      for (const locale of LOCALES) if (!MESSAGES[locale][m[1]!]) missing.push(`${locale} ${m[1]} (${file})`);
    }
  }
  assert.equal(missing, []);
});

test.run();
