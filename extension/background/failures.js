// Turns webRequest events into core diagnoses, stores them per tab and shows them.
//
// A page is judged when its status and headers arrive (webRequest.onResponseStarted), not when its body
// ends: a 5xx whose body trickles forever would otherwise get no badge at all (tests/browser/hostile).
// The core diagnoses from the headers alone; the panel refines that from the page's text once the page
// has loaded (onPageFacts).
//
// Events of one tab are handled one after another, in the order the browser sent them. Handlers await
// storage, so without that order a tab's 'complete' could read the failure record of its previous load
// while the new load's success was still clearing it, and put the old badge back on a healthy page
// (issue #9: after a recovery that reloaded 49 tabs at once, a few kept their 502 badge).
import { api, sessionArea } from '../lib/platform.js';
import { hostnameOf } from '../lib/urls.js';
import { diagnose, ready } from './core.js';
import { showFailureBadge, clearBadge } from './badge.js';
import { getTabFailure, knownTabFailure, setTabFailure, clearTabFailure } from './tabstate.js';
import { rememberGoodIp, lastGoodIp, noteFailureAndCountOthers } from './signals.js';
import { injectPanel } from './panel.js';
import { incidentAgeS, onPageFailure, onPageSuccess, onUserReload } from './pacing.js';
import { closeIncident } from './incidents.js';
import { boundedHeaders } from './bounds.js';
import { removeHeld } from './known.js';
import { appendBounded } from './stored.js';

/** Statuses the extension treats as a failed page (spec: 5xx and 429). */
export const isFailureStatus = (status) => status === 429 || (status >= 500 && status <= 599);


/** webRequest details -> the core's Facts (shared/spec/diagnosis.md "Input the core sees"). */
async function factsFrom(details, pageText) {
  const host = hostnameOf(details.url);
  const now = Date.now();
  // Independent reads, in parallel: each is a storage round trip on the way to the badge and the panel.
  const [lastGood, otherFailing, failingFor] = await Promise.all([
    lastGoodIp(host),
    noteFailureAndCountOthers(host, now),
    incidentAgeS(details.url),
  ]);
  return {
    method: details.method ?? 'GET',
    url: details.url,
    resource_type: details.type ?? 'main_frame',
    form_field_names: [],
    status: details.statusCode ?? 0,
    headers: boundedHeaders(details.responseHeaders),
    from_cache: !!details.fromCache,
    server_ip: details.ip ?? null,
    page_text: pageText ?? null,
    error: details.error ?? null,
    last_good_ip: lastGood,
    other_failing_hosts: otherFailing,
    received_at_ms: Math.round(details.timeStamp ?? now),
    failing_for_s: failingFor,
  };
}

/** When each tab last reported 'complete' (in this worker's life). */
const completedAt = new Map();

/**
 * Per tab, the record of its latest top-level response (null when it did not fail), as soon as it is
 * built, before it is stored (in this worker's life): the commit takes the panel to the page with it,
 * without waiting for the storage writes. Storage stays the record: the panel shows what it is offered
 * only if it is its own document's, and then asks for the stored one with the page's text.
 */
const builtRecord = new Map();
/** Per tab, the commit's panel injection: the request id of the record whose page got it, or false. */
const commitInjection = new Map();

const queues = new Map();
/** Runs `fn` after everything queued under `key` (a tab id) before it. */
function inOrder(key, fn) {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => {});
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key); // idle tabs keep no entry
  });
  return run;
}

/**
 * webRequest.onResponseStarted for top-level pages and frames: the status and headers are in (the body
 * may still be on its way, or never end). Healthy frames, most of these events, return at once.
 */
export function onResponseStarted(details) {
  if (details.tabId < 0) return Promise.resolve();
  if (details.type === 'main_frame') {
    let built;
    builtRecord.set(details.tabId, new Promise((resolve) => (built = resolve)));
    // Outside the tab's queue: the panel's first message (page facts) is handled in that queue.
    return inOrder(details.tabId, () => onPageResponse(details, built))
      .finally(() => built(null))
      .then((loaded) => loaded && injectPanel(details.tabId, loaded));
  }
  if (!isFailureStatus(details.statusCode)) return Promise.resolve();
  return onFrameFailure(details);
}

/** Handles a page's status and headers; the stored record when the failed page has already loaded (see below). */
async function onPageResponse(details, built = () => {}) {
  if (!isFailureStatus(details.statusCode)) built(null);
  await removeHeld(`frames:${details.tabId}`); // a new page: its frames start afresh
  if (!isFailureStatus(details.statusCode)) {
    await rememberGoodIp(hostnameOf(details.url), details.ip);
    if (details.statusCode < 400) {
      const had = await knownTabFailure(details.tabId);
      // Healthy browsing has no record to clear; the browser resets a tab's badge when it navigates.
      if (had) {
        await clearTabFailure(details.tabId);
        await clearBadge(details.tabId);
      }
      const recovery = await onPageSuccess(details);
      if (recovery) await closeIncident(recovery, had, details.tabId);
    }
    return null;
  }
  const facts = await factsFrom(details);
  const diagnosis = await diagnose(facts);
  // The plan and the explanation do not depend on each other: one wait instead of two before the badge.
  // The record is built as soon as the plan is decided; the schedule's storage write and alarm go on
  // meanwhile, and are done before the record is stored.
  let planned;
  const decided = new Promise((resolve) => (planned = resolve));
  const scheduled = onPageFailure(details, diagnosis.retry_after_s, planned);
  const [pacing, shown] = await Promise.all([Promise.race([decided, scheduled]), presentation(diagnosis)]);
  const record = {
    url: details.url,
    requestId: details.requestId,
    method: details.method ?? 'GET',
    status: details.statusCode,
    at: Date.now(),
    facts,
    diagnosis,
    plan: pacing?.plan ?? null,
    trigger: pacing?.trigger ?? 'navigation',
    rapidReloadNotice: false,
    autoRetryOffForSite: !!pacing?.siteOff,
    ...shown,
  };
  built(record);
  await scheduled;
  await setTabFailure(details.tabId, record);
  // In Chrome the navigation commits after this and clears the badge: onTabCommitted sets it again (and
  // has taken the panel to the page, with the record built above); onTabComplete brings the panel if that
  // did not reach the page. Firefox may report this load's 'complete' before this event: then nothing
  // else will bring the panel.
  await showFailureBadge(details.tabId, details.statusCode);
  return (completedAt.get(details.tabId) ?? 0) >= (details.timeStamp ?? Infinity) ? record : null;
}

async function onFrameFailure(details) {
  const diagnosis = await diagnose(await factsFrom(details));
  await noteFrameFailure(details, diagnosis);
}

const MAX_FRAME_FAILURES = 10;

/** A frame of the page failed: kept with the tab (bounded) for the popup; the badge stays the page's. */
async function noteFrameFailure(details, diagnosis) {
  await appendBounded(sessionArea, `frames:${details.tabId}`, { url: details.url, at: Date.now(), diagnosis }, MAX_FRAME_FAILURES);
}

// Errors that are no failure of the site: the user or the browser stopped the load.
const NOT_A_SITE_FAILURE = /ERR_ABORTED|ERR_BLOCKED_BY_CLIENT|NS_BINDING_ABORTED|ERR_CACHE_MISS/;

/**
 * webRequest.onErrorOccurred for top-level pages: no HTTP answer at all (reset, garbage, DNS, TLS). The
 * browser shows its own error page, which takes no panel; the badge and the popup explain it. No
 * automatic retry: browsers retry network errors themselves.
 */
export function onPageError(details) {
  if (details.tabId < 0 || details.type !== 'main_frame' || NOT_A_SITE_FAILURE.test(details.error ?? '')) {
    return Promise.resolve();
  }
  return inOrder(details.tabId, () => onPageErrorInOrder(details));
}

async function onPageErrorInOrder(details) {
  // A 5xx whose body broke off: its status and headers say more than the network error does.
  if ((await getTabFailure(details.tabId))?.requestId === details.requestId) return;
  const facts = await factsFrom({ ...details, statusCode: 0 });
  const diagnosis = await diagnose(facts);
  const record = {
    url: details.url,
    requestId: details.requestId,
    method: details.method ?? 'GET',
    status: 0,
    at: Date.now(),
    facts,
    diagnosis,
    plan: null,
    trigger: 'navigation',
    rapidReloadNotice: false,
    ...(await presentation(diagnosis)),
  };
  await setTabFailure(details.tabId, record);
  await showFailureBadge(details.tabId, 0);
}

/** The page text arrived from the panel script: diagnose again with the body markers. */
export function onPageFacts(tabId, facts) {
  return inOrder(tabId, () => refineWithPageText(tabId, facts));
}

async function refineWithPageText(tabId, { title, text, navigationType, documentStart }) {
  const record = await getTabFailure(tabId);
  if (!record) return null;
  const pageText = `${title}\n${text}`;
  const diagnosis = await diagnose({ ...record.facts, page_text: pageText });
  const updated = { ...record, diagnosis, pageTextSeen: true, ...(await presentation(diagnosis)) };
  // Only the page knows it was reloaded; a reload the extension did not issue is the user's.
  // Counted once per document: the panel may reach a record stored for the previous load of the tab.
  if (navigationType === 'reload' && record.trigger !== 'retry' && record.countedDocument !== documentStart) {
    updated.countedDocument = documentStart;
    const verdict = await onUserReload(tabId, record.url);
    updated.rapidReloadNotice = !!verdict?.rapidReloadNotice;
  }
  await setTabFailure(tabId, updated);
  return updated;
}

/**
 * What the panel and the popup need beyond the diagnosis: the core's one-sentence explanation (who failed,
 * whose side) and whether a private window can be opened for the user (the panel has no such API).
 */
async function presentation(diagnosis) {
  const explanation = await ready.then((core) => core.explain(diagnosis)).catch(() => null);
  const privateWindowAllowed = await Promise.resolve(api.extension?.isAllowedIncognitoAccess?.()).catch(() => false);
  return { explanation, privateWindowAllowed: !!privateWindowAllowed };
}

const samePage = (a, b) => String(a ?? '').split('#')[0] === String(b ?? '').split('#')[0];

/** The tab's failure record when it is the one of the page at `url` (fragments aside), or null. */
async function recordShownAt(tabId, url) {
  const record = await knownTabFailure(tabId);
  return record && samePage(record.url, url) ? record : null;
}

/**
 * The tab's navigation committed (its update reports 'loading'): the browser has just cleared the badge
 * set when the status arrived. A page whose body never ends gets no 'complete', so this is where its
 * badge comes back, and where the panel is injected without waiting for the page to load (the panel
 * shows the stored record at once when it is its document's, then refines it from the page's text).
 * Another page's record (the user went elsewhere) shows nothing.
 */
export function onTabCommitted(tabId, url) {
  // Outside the tab's queue, as soon as the response's record is built (its storage writes and the badge
  // need not come first); not awaited: the panel's first message (page facts) is handled in that queue.
  const pending = builtRecord.get(tabId);
  if (pending) {
    commitInjection.set(tabId, pending.then(async (record) => {
      if (!record || !samePage(record.url, url)) return false;
      if (builtRecord.get(tabId) === pending) builtRecord.delete(tabId); // one commit per response
      return (await injectPanel(tabId, record)) && record.requestId;
    }));
  }
  return inOrder(tabId, async () => {
    const found = await recordShownAt(tabId, url);
    if (!found) return;
    await showFailureBadge(tabId, found.status);
    if (!pending) void injectPanel(tabId, found); // the worker was restarted since the response
  });
}

/** A navigation finished loading: the badge may have been wiped; the panel needs the DOM. */
export async function onTabComplete(tabId) {
  completedAt.set(tabId, Date.now());
  const atCommit = commitInjection.get(tabId);
  const record = await inOrder(tabId, async () => {
    const found = await knownTabFailure(tabId);
    if (found) await showFailureBadge(tabId, found.status);
    return found;
  });
  // Outside the tab's queue: the panel's first message (page facts) is handled in that queue. Not again
  // when the commit's injection reached this record's page (the panel would ignore it: once per document).
  if (record && (await atCommit) !== record.requestId) await injectPanel(tabId, record);
}

export function onTabRemoved(tabId) {
  completedAt.delete(tabId);
  builtRecord.delete(tabId);
  commitInjection.delete(tabId);
  return inOrder(tabId, async () => {
    await removeHeld(`tab:${tabId}`, `frames:${tabId}`, `requests:${tabId}`);
  });
}
