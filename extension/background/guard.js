// Resubmission guard, background side (shared/spec/behaviour.md "Resubmission guard"). It only wires:
// webRequest tells how each POST ended, the core decides whether that leaves an uncertain submission and
// whether a later submit is held, and this file stores the state and injects the guard scripts into the
// origins where a record is live. Field values never leave onBeforeRequest: only their names are kept.
import { api, sessionArea, originPattern } from '../lib/platform.js';
import { ready } from './core.js';
import { originOf } from '../lib/urls.js';
import { appendBounded, warnReset } from './stored.js';
import { mayBeLive, wroteGuardSummary } from './known.js';

/** The alarm that fires when the next record expires (the worker may be asleep by then). */
export const GUARD_ALARM = 'guard-expiry';
/** POSTs that can leave an uncertain submission: top-level form submissions and fetch/XHR. */
export const guardRequestFilter = { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'xmlhttprequest'] };

const STATE_KEY = 'guardState'; // storage.local: survives a browser restart (behaviour.md)
const PENDING_PREFIX = 'guardPending:'; // storage.session: requests in flight, by requestId
const SCRIPT_MAIN = 'gateway-guard-guard-main';
const SCRIPT_ISOLATED = 'gateway-guard-guard';
/** A JSON body is read for its keys only when it is this small; larger bodies give no names. */
const MAX_JSON_BYTES = 64 * 1024;
const MAX_NAMES = 256;
const MAX_NAME_CHARS = 128;

// requestId -> pending entry. Memory is the fast path; storage.session covers a worker restart between
// the request's start and its end. Most POSTs end within moments, and a worker lives at least 30 s after
// its last event, so an entry is written there only once it has been pending for SAVE_AFTER_MS (in one
// write for all such entries): an everyday POST (an API call, a search) costs no storage call at all.
const pending = new Map();
const SAVE_AFTER_MS = 2_000;
const unsaved = new Map(); // request id -> when it started, for entries of `pending` not yet written
let saveTimer = null;

function saveLater(requestId) {
  unsaved.set(requestId, Date.now());
  saveTimer ??= setTimeout(saveOld, SAVE_AFTER_MS);
}

/** Writes the entries pending for SAVE_AFTER_MS or more, in one write; waits again for the younger ones. */
function saveOld() {
  saveTimer = null;
  const now = Date.now();
  const entries = {};
  let oldestLeft = Infinity;
  for (const [id, at] of unsaved) {
    if (now - at < SAVE_AFTER_MS) {
      oldestLeft = Math.min(oldestLeft, at);
      continue;
    }
    unsaved.delete(id);
    if (pending.has(id)) entries[PENDING_PREFIX + id] = pending.get(id);
  }
  if (Object.keys(entries).length) void sessionArea.set(entries).catch(() => {});
  if (unsaved.size) saveTimer = setTimeout(saveOld, SAVE_AFTER_MS - (now - oldestLeft));
}

/** Field names of a request body: form field names, or the keys of a small JSON object. Never values. */
function fieldNames(requestBody) {
  if (!requestBody) return [];
  let names = [];
  if (requestBody.formData) {
    names = Object.keys(requestBody.formData);
  } else if (Array.isArray(requestBody.raw)) {
    const size = requestBody.raw.reduce((n, part) => n + (part.bytes?.byteLength ?? 0), 0);
    if (size > 0 && size <= MAX_JSON_BYTES && requestBody.raw.every((part) => part.bytes)) {
      names = jsonKeys(requestBody.raw.map((part) => new TextDecoder().decode(part.bytes)).join(''));
    }
  }
  return names.slice(0, MAX_NAMES).map((n) => String(n).slice(0, MAX_NAME_CHARS));
}

/** Keys of a JSON object body, one level deep (`payment.card_number` is common): the parsed values are
 *  dropped with the parse result. */
function jsonKeys(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const keys = [];
  for (const [key, value] of Object.entries(body)) {
    keys.push(key);
    if (value && typeof value === 'object' && !Array.isArray(value)) keys.push(...Object.keys(value));
  }
  return keys;
}

/** webRequest.onBeforeRequest (with 'requestBody'): remember a POST's URL and field names. Synchronous
 *  so the body (values included) is not kept alive by a pending promise. */
export function onBeforeRequest(details) {
  if (details.method !== 'POST') return;
  const entry = {
    url: details.url,
    type: details.type,
    names: fieldNames(details.requestBody),
    initiator: originOf(details.initiator ?? details.originUrl ?? '') ?? null,
    startedAt: Math.round(details.timeStamp ?? Date.now()),
  };
  pending.set(details.requestId, entry);
  saveLater(details.requestId);
}

async function takePending(requestId) {
  const key = PENDING_PREFIX + requestId;
  let entry = pending.get(requestId);
  pending.delete(requestId);
  if (entry && unsaved.delete(requestId)) return entry; // never written
  if (!entry) entry = (await sessionArea.get(key))[key];
  if (entry) await sessionArea.remove(key);
  return entry ?? null;
}

/** onCompleted, onErrorOccurred and onBeforeRedirect (a 3xx is the POST's own answer). */
export async function onRequestEnded(details) {
  // Every event carries the method of its own request: a redirect's follow-up GET is not ours.
  if (details.method !== 'POST') return;
  const entry = await takePending(details.requestId);
  if (!entry) return;
  const outcome = {
    url: entry.url,
    method: 'POST',
    status: details.statusCode ?? 0,
    error: details.error ?? null,
    fieldNames: entry.names,
    resourceType: entry.type,
    initiator: entry.initiator,
    startedAtMs: entry.startedAt,
    nowMs: Date.now(),
  };
  await updateState(
    async (core, state, settings) => core.guardRecordOutcome(state, outcome, await settings()),
    // An answered POST (1xx-4xx) only clears a live record at its own origin (guard/record.rs): with none
    // there, nothing changes, and nothing is read or written (everyday API calls, searches, logins).
    () => outcome.status > 0 && outcome.status < 500 && !mayBeLive(originOf(outcome.url)),
  );
  if (entry.type === 'xmlhttprequest') await noteFailedRequest(details, entry);
}

const MAX_REQUEST_FAILURES = 10;

/**
 * A fetch/XHR POST that failed is diagnosed too (status and error only: asking for every XHR's headers
 * would cost every page), and kept with its tab, bounded, so the popup can say a request failed.
 */
async function noteFailedRequest(details, entry) {
  const status = details.statusCode ?? 0;
  const failed = status === 429 || (status >= 500 && status <= 599) || (status === 0 && details.error);
  if (!failed || details.tabId < 0) return;
  const core = await ready;
  const diagnosis = core.diagnose({
    method: 'POST',
    url: entry.url,
    resource_type: 'xmlhttprequest',
    form_field_names: entry.names.slice(0, 64),
    status,
    headers: [],
    error: details.error ?? null,
    received_at_ms: Date.now(),
  });
  await appendBounded(sessionArea, `requests:${details.tabId}`, { url: entry.url, at: Date.now(), diagnosis }, MAX_REQUEST_FAILURES);
}

/** The stored state, or null when there is none or the core cannot read it (then it is removed, logged):
 *  an unreadable state would otherwise make every later record and check fail. */
async function storedState(core) {
  const state = (await api.storage.local.get(STATE_KEY))[STATE_KEY] ?? null;
  try {
    core.guardPrune(state, Date.now());
    return state;
  } catch {
    warnReset(STATE_KEY, state);
    await api.storage.local.remove(STATE_KEY);
    return null;
  }
}


// Read-modify-write of the stored state (events arrive concurrently), in batches: the changes waiting
// when a batch starts are applied one after another to one read of the state, which is written once, so a
// storm of failing POSTs costs a few storage round trips rather than five each. `skip()`, asked in turn
// before the batch has read the state, may say the change cannot alter it (once read, every change of the
// batch is applied: that costs only the core's call). `change(core, state, settings)`: `settings()` reads
// the user's setting once per batch.
const waiting = [];
let draining = false;
function updateState(change, skip) {
  return new Promise((resolve, reject) => {
    waiting.push({ change, skip, resolve, reject });
    if (!draining) {
      draining = true;
      void drainChanges();
    }
  });
}

async function drainChanges() {
  while (waiting.length) {
    const batch = waiting.splice(0);
    let core = null;
    let state = null;
    let summary = null;
    let settings = null;
    const readSettings = () => (settings ??= guardSettings());
    const applied = [];
    for (const item of batch) {
      try {
        if (!core && item.skip?.()) {
          item.resolve();
          continue;
        }
        if (!core) {
          const loaded = await ready;
          state = await storedState(loaded);
          core = loaded; // only once the state is read: a failed read leaves the next change to try again
        }
        ({ state, summary } = await item.change(core, state, readSettings));
        applied.push(item);
      } catch (e) {
        item.reject(e);
      }
    }
    if (!applied.length) continue;
    try {
      await api.storage.local.set({ [STATE_KEY]: state });
      await applySummary(summary);
      for (const item of applied) item.resolve();
    } catch (e) {
      for (const item of applied) item.reject(e);
    }
  }
  draining = false;
}

/** The user's guard setting (minutes); the core bounds it (at most 24 h). */
async function guardSettings() {
  const settings = (await api.storage.local.get('settings')).settings;
  const minutes = Number(settings?.guardExpiryMinutes);
  return Number.isFinite(minutes) && minutes > 0 ? { expiryMs: Math.round(minutes * 60_000) } : {};
}

/** Expired records go; the scripts and the alarm follow what is still live. */
export async function pruneGuard() {
  await updateState(async (core, state) => core.guardPrune(state, Date.now()));
}

let liveOrigins = null; // cache of the last summary, for tabs.onUpdated

/** Registers the guard scripts for exactly the live origins, sets the expiry alarm, and injects into
 *  tabs already showing those origins (registered scripts only reach documents loaded later). */
async function applySummary(summary) {
  const before = liveOrigins ?? [];
  liveOrigins = summary.liveOrigins;
  wroteGuardSummary(summary.liveOrigins);
  await syncRegisteredScripts(summary.liveOrigins);
  if (summary.nextExpiryMs != null) await api.alarms.create(GUARD_ALARM, { when: summary.nextExpiryMs });
  else await api.alarms.clear(GUARD_ALARM);
  const added = summary.liveOrigins.filter((o) => !before.includes(o));
  if (added.length) {
    for (const tab of await api.tabs.query({})) {
      if (added.includes(originOf(tab.url ?? ''))) await injectGuard(tab.id);
    }
  }
}

async function syncRegisteredScripts(origins) {
  const ids = [SCRIPT_MAIN, SCRIPT_ISOLATED];
  const existing = await api.scripting.getRegisteredContentScripts({ ids });
  if (!origins.length) {
    if (existing.length) await api.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
    return;
  }
  // In Firefox a pattern covers the origin's host on every port (platform.js): the guard scripts may run
  // on another port of that host, where the core's check (by exact origin) holds nothing.
  const matches = [...new Set(origins.map(originPattern))];
  const common = { matches, runAt: 'document_start', allFrames: true, persistAcrossSessions: true };
  const scripts = [
    // MAIN world: wraps HTMLFormElement.prototype.submit, which fires no submit event.
    { id: SCRIPT_MAIN, js: ['content/guard-main.js'], world: 'MAIN', ...common },
    { id: SCRIPT_ISOLATED, js: ['content/guard.js'], ...common },
  ];
  const same = existing.length === 2 && existing.every((s) => sameList(s.matches, matches));
  if (same) return;
  if (existing.length) await api.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  await api.scripting.registerContentScripts(scripts);
}

const sameList = (a = [], b = []) => a.length === b.length && a.every((x) => b.includes(x));

async function injectGuard(tabId) {
  const target = { tabId };
  try {
    await api.scripting.executeScript({ target, files: ['content/guard-main.js'], world: 'MAIN', injectImmediately: true });
    await api.scripting.executeScript({ target, files: ['content/guard.js'], injectImmediately: true });
  } catch {
    // Closed tabs and browser pages take no script.
  }
}

/** tabs.onUpdated 'complete': a page restored from the back/forward cache ran no document_start script. */
export async function onGuardTabComplete(tabId, tab) {
  if (liveOrigins === null) {
    const core = await ready;
    const state = await storedState(core);
    liveOrigins = core.guardPrune(state, Date.now()).summary.liveOrigins;
  }
  if (liveOrigins.includes(originOf(tab?.url ?? ''))) await injectGuard(tabId);
}

/** `content->background: guard-check`: hold this submit or not. The page's origin comes from the
 *  browser (sender), never from the page. */
export async function onGuardCheck(message, sender) {
  const pageOrigin = originOf(sender.url ?? '') ?? sender.origin ?? '';
  const core = await ready;
  const state = await storedState(core);
  const attempt = { pageOrigin, actionUrl: message.actionUrl, form: { ...message.form, origin: pageOrigin } };
  return core.guardHoldDecision(state, attempt, Date.now()) ?? null;
}
