import { wrote } from './known.js';

// Stored values are read back as untrusted data: an older version, a bug or another tool may have left
// anything under our keys. A value that fails its check is removed with a logged message and the
// caller's fallback is used, so one corrupt key costs that key's contents, never the extension's work
// (tests/browser/storage.test.mjs). State the core owns (pacing, incidents, guard) is checked by the
// core itself: it normalizes what it can read and starts afresh otherwise.

/** `area.get(key)`, or `fallback` when missing; an unusable value is removed (and logged). */
export async function readChecked(area, key, isValid, fallback) {
  const value = (await area.get(key))[key];
  if (value === undefined || value === null) return fallback;
  if (isValid(value)) return value;
  warnReset(key, value);
  await area.remove(key);
  return fallback;
}

export function warnReset(key, value) {
  const what = Array.isArray(value) ? `an array of ${value.length}` : typeof value;
  console.warn(`gateway-guard: stored "${key}" was unusable (${what}); it was reset`);
}

export const isPlainObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

/** An array of at most `max` items, each passing `item`. */
export const arrayOf = (max, item) => (v) => Array.isArray(v) && v.length <= max && v.every(item);

const appendChains = new Map(); // key -> the last batch's promise (settled), while one is under way
const appendWaiting = new Map(); // key -> items of the batch that has not read the list yet

/**
 * Appends `item` to the list stored under `key` in `area`, keeping the last `max`. Appends to one key
 * wait for each other, and those that arrive while one waits go in one read and one write together (a
 * storm of failures costs a few storage round trips, not two each). Whatever is stored there that is
 * not a list is replaced.
 */
export function appendBounded(area, key, item, max) {
  const open = appendWaiting.get(key);
  if (open) {
    open.items.push(item);
    return open.done;
  }
  const batch = { items: [item], done: null };
  appendWaiting.set(key, batch);
  batch.done = (appendChains.get(key) ?? Promise.resolve()).then(async () => {
    appendWaiting.delete(key); // later items make the next batch
    const stored = (await area.get(key))[key];
    wrote(key);
    await area.set({ [key]: [...(Array.isArray(stored) ? stored : []), ...batch.items].slice(-max) });
  });
  const settled = batch.done.catch(() => {});
  appendChains.set(key, settled);
  void settled.then(() => {
    if (appendChains.get(key) === settled) appendChains.delete(key); // idle keys keep no entry
  });
  return batch.done;
}
