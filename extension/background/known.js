// What the background's stored state may hold, known without a storage round trip, so that a healthy
// page load (and an everyday POST) makes no storage call at all (issue #8: free on healthy pages;
// tests/bench counts the calls).
//
// Every answer here is a superset: `mayHold(key)` is false only when the session key is known to be
// absent, `mayHaveSchedule(origin)` only when the pacing state is known to have no entry for the origin,
// `mayBeLive(origin)` only when the guard state (storage.local) is known to have no live record there. A
// false "maybe" costs one storage read, as before; a false "no" would lose a record. What makes a "no"
// right:
//   - these keys have one writer, the background, and it tells this module at the moment it issues each
//     write (`wrote`, `removed`, `wrotePacing`, `wroteGuardSummary`, the last in the guard's own queue);
//     storage applies writes in the order they are issued, so the last call here matches what storage
//     will hold;
//   - one snapshot of session storage, read when the worker starts, seeds it (keys seen there are added,
//     never removed); the guard's origins are "maybe" until its first summary of the worker's life;
//   - past a bound (corrupt or hostile state with thousands of origins) the answer is "maybe" for
//     everything until the background's own next write says what is there.
// Deliberately no storage.onChanged listener: with one, every write (the pacing state is up to ~80 KB)
// is delivered back to the worker with its old and new values as fresh objects, and the failure storm's
// heap peak went from 12-13 MB to 32-33 MB (tests/bench, A/B). A key written by something else (a test,
// devtools) is therefore seen at the next worker start; where the user asks (the popup, the panel's
// buttons) the background reads storage itself.
import { sessionArea } from '../lib/platform.js';

const PACING = 'pacing';
const MAX_ORIGINS = 1_000;

const present = new Set();
/** Origins with an entry in the pacing state; null when unknown (unreadable or past the bound). */
let scheduled = new Set();
/** Origins that may have a live guard record; null when unknown. */
let live = null;
let snapshot = null;

function originsOf(state) {
  const list = state?.origins;
  if (!Array.isArray(list) || list.length > MAX_ORIGINS) return null;
  const out = new Set();
  for (const entry of list) {
    if (typeof entry?.origin !== 'string') return null;
    out.add(entry.origin);
  }
  return out;
}

/** Adds what the stored pacing state names (never removes: see the header). */
function addPacing(state) {
  if (scheduled === null) return;
  const origins = originsOf(state);
  if (origins === null) scheduled = null;
  else for (const o of origins) scheduled.add(o);
}

function loaded() {
  snapshot ??= sessionArea.get(null).then(
    (all) => {
      for (const key of Object.keys(all)) present.add(key);
      if (PACING in all) addPacing(all[PACING]);
      return true;
    },
    () => false, // unreadable: every answer is "maybe"
  );
  return snapshot;
}

/** False only when `key` is known to be absent from session storage. */
export async function mayHold(key) {
  return !(await loaded()) || present.has(key);
}

/** False only when the pacing state is known to have no entry for `origin`. */
export async function mayHaveSchedule(origin) {
  return !(await loaded()) || scheduled === null || scheduled.has(origin);
}

/** False only when the pacing state is known to have no entry at all (nothing is failing). */
export async function mayHaveAnySchedule() {
  return !(await loaded()) || scheduled === null || scheduled.size > 0;
}

/** False only when the guard state is known to have no live record at `origin`. */
export function mayBeLive(origin) {
  return live === null || live.has(origin);
}

/** The background is writing `key` (call when the write is issued). */
export function wrote(key) {
  present.add(key);
}

/** The background is removing `keys` (call when the removal is issued). */
export function removed(...keys) {
  for (const key of keys) present.delete(key);
}

/** Removes those of `keys` that may be in session storage: no call at all when none can be. */
export async function removeHeld(...keys) {
  const held = [];
  for (const key of keys) if (await mayHold(key)) held.push(key);
  if (!held.length) return;
  removed(...held);
  await sessionArea.remove(held);
}

/** The background is writing the pacing state `state`: its origins are exactly what is scheduled. */
export function wrotePacing(state) {
  present.add(PACING);
  scheduled = originsOf(state);
}

/** The background wrote the guard state: `liveOrigins` (its summary) are exactly the live ones. Told in
 *  the guard's queue, where `mayBeLive` is asked, so no later question can come before it. */
export function wroteGuardSummary(liveOrigins) {
  live = new Set(liveOrigins);
}
