// The settings the options page edits, with the bounds of the core (crates/core/src/pacing/settings.rs
// FLOOR_BOUNDS_S ..., crates/core/src/guard/types.rs MIN/MAX_EXPIRY_MS). tests/unit/bounds.test.mjs fails
// when these and the Rust constants part.

/** key: the stored name; unit: what is stored per shown unit (60 = shown in minutes, stored in seconds). */
export const FIELDS = Object.freeze([
  { key: 'floorS', label: 'optFloor', group: 'retry-fields', min: 5, max: 60, fallback: 5, unit: 1 },
  { key: 'capS', label: 'optCap', group: 'retry-fields', min: 1, max: 60, fallback: 10, unit: 60 },
  { key: 'giveUpS', label: 'optGiveUp', group: 'retry-fields', min: 5, max: 1440, fallback: 30, unit: 60 },
  { key: 'rapidReloadCount', label: 'optRapidCount', group: 'retry-fields', min: 2, max: 10, fallback: 3, unit: 1 },
  { key: 'rapidReloadWindowS', label: 'optRapidWindow', group: 'retry-fields', min: 10, max: 120, fallback: 30, unit: 1 },
  { key: 'guardExpiryMinutes', label: 'optGuardExpiry', group: 'guard-fields', min: 1, max: 1440, fallback: 30, unit: 1 },
]);

/** The stored value of a field, for the input (the default where none is stored or it is unusable). */
export function toShown(field, stored) {
  const n = Number(stored);
  if (stored === undefined || stored === null || !Number.isFinite(n)) return field.fallback;
  return Math.min(field.max, Math.max(field.min, Math.round(n / field.unit)));
}

export const toStored = (field, shown) => shown * field.unit;

/** A 503 or 429 says "come back later"; everything else is a hard failure (as the toolbar badge). */
export function severity(statuses) {
  return (statuses ?? []).some((s) => s !== 503 && s !== 429) ? 'hard' : 'soft';
}
