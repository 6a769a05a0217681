// Every locale has every English key, with the same placeholders, and uses only placeholders it defines
// (Chrome rejects the whole extension for a malformed messages.json; a missing key shows the key itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const LOCALES = fileURLToPath(new URL('../../extension/_locales/', import.meta.url));
const read = (lang) => JSON.parse(readFileSync(path.join(LOCALES, lang, 'messages.json'), 'utf8'));
const en = read('en');
const REQUIRED = ['de', 'fr', 'es'];

/** Placeholder names as Chrome reads them: case-insensitive. */
const defined = (m) => Object.keys(m.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
const used = (m) => [...new Set([...m.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1].toLowerCase()))].sort();
const contents = (m) => Object.entries(m.placeholders ?? {}).map(([n, p]) => `${n.toLowerCase()}=${p.content}`).sort();

test('the required locales exist', () => {
  const present = readdirSync(LOCALES);
  for (const lang of ['en', ...REQUIRED]) assert.ok(present.includes(lang), `missing _locales/${lang}`);
});

for (const lang of readdirSync(LOCALES)) {
  test(`${lang}: every message is well-formed and uses only its own placeholders`, () => {
    for (const [key, m] of Object.entries(read(lang))) {
      assert.match(key, /^[A-Za-z0-9_@]+$/, `${lang}: bad key ${key}`);
      assert.equal(typeof m.message, 'string', `${lang}.${key}: no message`);
      assert.ok(m.message.trim().length > 0, `${lang}.${key}: empty message`);
      for (const name of used(m)) assert.ok(defined(m).includes(name), `${lang}.${key}: $${name}$ is not defined`);
    }
  });
  if (lang === 'en') continue;
  test(`${lang}: has every English key with the same placeholders, and no others`, () => {
    const messages = read(lang);
    const missing = Object.keys(en).filter((k) => !(k in messages));
    assert.deepEqual(missing, [], `${lang} lacks keys`);
    const extra = Object.keys(messages).filter((k) => !(k in en));
    assert.deepEqual(extra, [], `${lang} has keys English does not`);
    for (const key of Object.keys(en)) {
      assert.deepEqual(contents(messages[key]), contents(en[key]), `${lang}.${key}: placeholders differ from en`);
      assert.deepEqual(used(messages[key]), used(en[key]), `${lang}.${key}: uses other placeholders than en`);
    }
  });
}
