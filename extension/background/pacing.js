// Retry pacing wiring: failures and reloads go to the core's pacing engine; its plans become countdowns
// (in the page panel and the popup), alarms and hard refreshes. The state lives in session storage, so a
// stopped service worker loses nothing; the countdown in the page wakes the worker when it ends, and an
// alarm is the backstop for pages that cannot show the panel.
import { api, sessionArea } from '../lib/platform.js';
import { ready } from './core.js';
import { originOf } from '../lib/urls.js';
import { getSettings } from './settings.js';
import { mayHold, mayHaveSchedule, mayHaveAnySchedule, wrote, removed, wrotePacing } from './known.js';

const STATE = 'pacing';
const PENDING = 'pendingRetries'; // tabId -> time the extension issued a hard refresh
export const ALARM = 'pacing-wake';

let chain = Promise.resolve();
/**
 * Runs `fn(state)` with the stored state, one at a time, and stores what it returns as `state`.
 * `computed(result)`, when given, hears the result before it is stored. `known()`, when given, may
 * answer instead without reading the state (when it knows the state holds nothing `fn` would act on).
 */
function withState(fn, computed, known) {
  const run = chain.then(async () => {
    // Asked in the chain, after every change queued before this one has been issued.
    const answer = known && (await known());
    if (answer) return answer;
    const core = await ready;
    const got = await sessionArea.get(STATE);
    const result = await fn(core, got[STATE] ?? null);
    computed?.(result);
    if (result.unchanged) return result; // nothing to store, the wake-up stays as it was
    wrotePacing(result.state);
    await sessionArea.set({ [STATE]: result.state });
    await scheduleWake(core, result.state);
    return result;
  });
  chain = run.catch(() => {});
  return run;
}

let wakeTimer = null;
async function scheduleWake(core, state) {
  const at = core.pacingNextWake(state);
  clearTimeout(wakeTimer);
  if (at == null) {
    await api.alarms.clear(ALARM);
    return;
  }
  // While the worker lives, a timer is exact; the alarm survives the worker (the browser may round it).
  wakeTimer = setTimeout(() => void fireDue().catch(() => {}), Math.max(0, at - Date.now()));
  await api.alarms.create(ALARM, { when: Math.max(at, Date.now() + 1000) });
}

const random = () => Math.floor(Math.random() * 2 ** 53);


// The pending map is read, changed and written back by many events at once (a recovery reloads every
// tab of the site while their answers arrive): one change at a time, or entries are lost or brought back.
let pendingChain = Promise.resolve();
function changePending(map, fn) {
  const run = pendingChain.then(async () => {
    // No entry at all (the usual case: the key is removed when its last entry goes): no storage read.
    if (!(await mayHold(map))) {
      const { value, changed } = fn({});
      if (!changed) return value;
    }
    const got = (await sessionArea.get(map))[map];
    const all = got && typeof got === 'object' && !Array.isArray(got) ? got : {};
    const { value, changed } = fn(all);
    if (!changed) return value;
    if (Object.keys(all).length) {
      wrote(map);
      await sessionArea.set({ [map]: all });
    } else {
      removed(map);
      await sessionArea.remove(map);
    }
    return value;
  });
  pendingChain = run.catch(() => {});
  return run;
}

function takePending(map, tabId) {
  return changePending(map, (all) => {
    const value = all[tabId];
    delete all[tabId];
    return { value, changed: value !== undefined };
  });
}

function putPending(map, tabId, value) {
  return changePending(map, (all) => {
    all[tabId] = value;
    return { value, changed: true };
  });
}

// Latest moment a Retry-After may name: the end of year 9999 (the largest HTTP-date). A delta of ~10^13 s
// or more made the core's `untilMs` too large for a JS number, the boundary threw, and the page got no
// badge and no panel at all (tests/browser/hostile.test.mjs). Beyond 1 h it means "no automatic retry"
// anyway, so clamping changes no decision.
const LATEST_RETRY_AFTER_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/** Retry-After seconds from the diagnosis, clamped to a time a Date (and the boundary) can represent. */
function boundedRetryAfter(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(Math.floor(seconds), Math.floor((LATEST_RETRY_AFTER_MS - Date.now()) / 1000));
}

/** How long the site of `url` has been failing (the open incident's age), in seconds, or null. */
export async function incidentAgeS(url) {
  const origin = originOf(url);
  // A site's first failure (no schedule yet) needs no read: the panel's first sentence waits on this.
  if (!origin || !(await mayHaveSchedule(origin))) return null;
  const state = (await sessionArea.get(STATE))[STATE];
  const open = Array.isArray(state?.origins) ? state.origins.find((o) => o?.origin === origin) : null;
  const since = Number(open?.firstFailureMs);
  return Number.isFinite(since) && since > 0 ? Math.max(0, Math.floor((Date.now() - since) / 1000)) : null;
}

const hasSchedule = (state, origin) => Array.isArray(state?.origins) && state.origins.some((o) => o?.origin === origin);

/**
 * A top-level page failed: returns the plan and what made the request, once the schedule is stored.
 * `planned`, when given, hears the same as soon as the plan is decided (the panel need not wait for the
 * storage write and the alarm).
 */
export async function onPageFailure(details, retryAfterS, planned) {
  const origin = originOf(details.url);
  if (!origin) return null;
  const [pending, stored] = await Promise.all([takePending(PENDING, details.tabId), getSettings()]);
  const trigger = pending !== undefined ? 'retry' : 'navigation';
  // A site the user switched off in the popup gets no automatic retries (settings.disabledOrigins).
  const siteOff = Array.isArray(stored.disabledOrigins) && stored.disabledOrigins.includes(origin);
  const settings = siteOff ? { ...stored, autoRetry: false } : stored;
  const event = {
    origin,
    tabId: details.tabId,
    status: details.statusCode,
    method: details.method ?? 'GET',
    retryAfterS: boundedRetryAfter(retryAfterS),
    trigger,
    nowMs: Date.now(),
  };
  const { plan } = await withState(
    (core, state) => core.pacingOnFailure(state, settings, event, random()),
    (result) => planned?.({ plan: result.plan, trigger, siteOff }),
  );
  return { plan, trigger, siteOff };
}

/**
 * The failed page turned out to be a reload the extension did not issue: the user's. It counts as an
 * attempt, never moves the next retry earlier, and rapid ones earn the calm notice. (The page itself
 * tells: webRequest does not show the reload's Cache-Control header, even with extraHeaders.)
 */
export async function onUserReload(tabId, url) {
  const origin = originOf(url);
  if (!origin) return null;
  const settings = await getSettings();
  const reload = { origin, tabId, nowMs: Date.now() };
  const { verdict } = await withState((core, state) => core.pacingOnManualReload(state, settings, reload));
  return verdict;
}

/** A top-level page loaded fine: closes the origin's incident and reloads its other failed tabs. */
export async function onPageSuccess(details) {
  const origin = originOf(details.url);
  if (!origin) return null;
  await takePending(PENDING, details.tabId);
  // Healthy browsing: an origin without a schedule has nothing to recover, so the core would hand the state
  // back as it was; skipping the call saves a storage write and an alarms call on every page load, and when
  // the origin is known to have none (known.js), the storage read too (tests/bench).
  const { recovery } = await withState(
    (core, state) =>
      hasSchedule(state, origin)
        ? core.pacingOnSuccess(state, origin, details.tabId, Date.now())
        : { state, recovery: null, unchanged: true },
    undefined,
    async () => ((await mayHaveSchedule(origin)) ? null : { recovery: null, unchanged: true }),
  );
  if (recovery) for (const tabId of recovery.tabsToReload) await hardRefresh(tabId);
  return recovery;
}

async function hardRefresh(tabId) {
  await putPending(PENDING, tabId, Date.now());
  // bypassCache: the retry request carries Cache-Control: no-cache, as Ctrl+F5 does.
  await api.tabs.reload(tabId, { bypassCache: true }).catch(() => takePending(PENDING, tabId));
}

/** Issues every retry that is due now. */
export async function fireDue() {
  const { due } = await withState((core, state) => core.pacingTakeDue(state, Date.now()));
  for (const d of due) await hardRefresh(d.tabId);
  return due.length;
}

/** The user pressed *Retry now*. */
export async function retryNow(tabId, url) {
  const origin = originOf(url);
  if (!origin) return;
  const { due } = await withState((core, state) => core.pacingRetryNow(state, origin, tabId, Date.now()));
  if (due) await hardRefresh(due.tabId);
}

/** The user pressed *Cancel*. */
export async function cancelRetries(url) {
  const origin = originOf(url);
  if (origin) await withState((core, state) => core.pacingCancel(state, origin));
}

/** The user came back to a tab: a hidden tab whose floor has passed retries at once. */
export async function onTabActivated(tabId) {
  const { due } = await withState(
    async (core, state) => core.pacingOnTabVisible(state, await getSettings(), tabId, Date.now()),
    undefined,
    nothingScheduled({ due: null }),
  );
  if (due) await hardRefresh(due.tabId);
}

export async function onTabClosed(tabId) {
  await withState((core, state) => core.pacingForgetTab(state, tabId), undefined, nothingScheduled({}));
}

/** For `withState`: `answer` without a storage read when no site has a schedule (healthy browsing:
 *  switching and closing tabs then costs nothing). */
const nothingScheduled = (answer) => async () => ((await mayHaveAnySchedule()) ? null : { ...answer, unchanged: true });
