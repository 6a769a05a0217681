// The options page shows the core's bounds: this fails when extension/options/fields.js and the Rust
// constants part (crates/core/src/pacing/settings.rs, crates/core/src/guard/types.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIELDS } from '../../extension/options/fields.js';

const source = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

/** Reads a Rust constant: an integer product (`24 * 60 * 1000`) or a pair of them (`(5, 60)`). */
function rustConst(text, name) {
  const m = text.match(new RegExp(`pub const ${name}: [^=]+= ([^;]+);`));
  assert.ok(m, `constant ${name} not found`);
  const expr = m[1].replace(/_/g, '').trim().replace(/^\((.*)\)$/, '$1');
  return expr.split(',').map((part) => {
    assert.match(part, /^[\d\s*]+$/, `${name} is not a plain constant: ${expr}`);
    return part.split('*').reduce((product, n) => product * Number(n.trim()), 1);
  });
}

const field = (key) => FIELDS.find((f) => f.key === key);
const shown = (f, stored) => stored / f.unit;

test('pacing bounds in the options page are the core\'s', () => {
  const rs = source('crates/core/src/pacing/settings.rs');
  const pairs = {
    floorS: 'FLOOR_BOUNDS_S', capS: 'CAP_BOUNDS_S', giveUpS: 'GIVE_UP_BOUNDS_S',
    rapidReloadCount: 'RAPID_RELOAD_COUNT_BOUNDS', rapidReloadWindowS: 'RAPID_RELOAD_WINDOW_BOUNDS_S',
  };
  for (const [key, name] of Object.entries(pairs)) {
    const [lo, hi] = rustConst(rs, name);
    const f = field(key);
    assert.deepEqual([f.min, f.max], [shown(f, lo), shown(f, hi)], `${key} vs ${name}`);
  }
});

test('guard expiry bounds in the options page are the core\'s', () => {
  const rs = source('crates/core/src/guard/types.rs');
  const [min] = rustConst(rs, 'MIN_EXPIRY_MS');
  const [max] = rustConst(rs, 'MAX_EXPIRY_MS');
  const [def] = rustConst(rs, 'DEFAULT_EXPIRY_MS');
  const f = field('guardExpiryMinutes');
  assert.deepEqual([f.min, f.max, f.fallback], [min / 60_000, max / 60_000, def / 60_000]);
});
