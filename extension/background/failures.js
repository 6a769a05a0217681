// Turns webRequest events into core diagnoses, stores them per tab and shows them.
import { api, sessionArea } from '../lib/platform.js';
import { hostnameOf } from '../lib/urls.js';
import { diagnose, ready } from './core.js';
import { showFailureBadge, clearBadge } from './badge.js';
import { getTabFailure, setTabFailure, clearTabFailure } from './tabstate.js';
import { rememberGoodIp, lastGoodIp, noteFailureAndCountOthers } from './signals.js';
import { injectPanel } from './panel.js';
import { incidentAgeS, onPageFailure, onPageSuccess, onUserReload } from './pacing.js';
import { closeIncident } from './incidents.js';
import { boundedHeaders } from './bounds.js';

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

/** webRequest.onCompleted for top-level pages and frames. */
export async function onCompleted(details) {
  if (details.tabId < 0) return;
  const topLevel = details.type === 'main_frame';
  if (topLevel) await sessionArea.remove(`frames:${details.tabId}`); // a new page: its frames start afresh
  if (!isFailureStatus(details.statusCode)) {
    if (topLevel) {
      await rememberGoodIp(hostnameOf(details.url), details.ip);
      if (details.statusCode < 400) {
        const had = await getTabFailure(details.tabId);
        // Healthy browsing has no record to clear; the browser resets a tab's badge when it navigates.
        if (had) {
          await clearTabFailure(details.tabId);
          await clearBadge(details.tabId);
        }
        const recovery = await onPageSuccess(details);
        if (recovery) await closeIncident(recovery, had, details.tabId);
      }
    }
    return;
  }
  const facts = await factsFrom(details);
  const diagnosis = await diagnose(facts);
  if (!topLevel) {
    await noteFrameFailure(details, diagnosis);
    return;
  }
  // The plan and the explanation do not depend on each other: one wait instead of two before the badge.
  const [pacing, shown] = await Promise.all([onPageFailure(details, diagnosis.retry_after_s), presentation(diagnosis)]);
  const record = {
    url: details.url,
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
  await setTabFailure(details.tabId, record);
  await showFailureBadge(details.tabId, details.statusCode);
  await injectPanelIfLoaded(details.tabId);
}

const MAX_FRAME_FAILURES = 10;

/** A frame of the page failed: kept with the tab (bounded) for the popup; the badge stays the page's. */
async function noteFrameFailure(details, diagnosis) {
  const key = `frames:${details.tabId}`;
  const got = await sessionArea.get(key);
  const frames = [...(got[key] ?? []), { url: details.url, at: Date.now(), diagnosis }].slice(-MAX_FRAME_FAILURES);
  await sessionArea.set({ [key]: frames });
}

// Errors that are no failure of the site: the user or the browser stopped the load.
const NOT_A_SITE_FAILURE = /ERR_ABORTED|ERR_BLOCKED_BY_CLIENT|NS_BINDING_ABORTED|ERR_CACHE_MISS/;

/**
 * webRequest.onErrorOccurred for top-level pages: no HTTP answer at all (reset, garbage, DNS, TLS). The
 * browser shows its own error page, which takes no panel; the badge and the popup explain it. No
 * automatic retry: browsers retry network errors themselves.
 */
export async function onPageError(details) {
  if (details.tabId < 0 || details.type !== 'main_frame' || NOT_A_SITE_FAILURE.test(details.error ?? '')) return;
  const facts = await factsFrom({ ...details, statusCode: 0 });
  const diagnosis = await diagnose(facts);
  const record = {
    url: details.url,
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
export async function onPageFacts(tabId, { title, text, navigationType, documentStart }) {
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

/** A navigation committed and finished: the badge may have been wiped; the panel needs the DOM. */
export async function onTabComplete(tabId) {
  const record = await getTabFailure(tabId);
  if (!record) return;
  await showFailureBadge(tabId, record.status);
  await injectPanel(tabId);
}

async function injectPanelIfLoaded(tabId) {
  const tab = await api.tabs.get(tabId).catch(() => null);
  if (tab?.status === 'complete') await injectPanel(tabId);
}

export async function onTabRemoved(tabId) {
  await clearTabFailure(tabId);
  await sessionArea.remove([`frames:${tabId}`, `requests:${tabId}`]);
}
