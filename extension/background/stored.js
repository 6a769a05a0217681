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
