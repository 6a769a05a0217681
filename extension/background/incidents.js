// Closes an incident when a failing site answers again: adds it to the bounded history (the core
// decides what is kept) and, for a tab the user is not looking at, raises one notification.
import { api } from '../lib/platform.js';
import { ready } from './core.js';
import { getSettings } from './settings.js';

const KEY = 'incidents';

export async function readHistory() {
  const core = await ready;
  const got = await api.storage.local.get(KEY);
  return core.historyNormalize(got[KEY] ?? null, Date.now(), (await getSettings()).history ?? {});
}

export async function closeIncident(recovery, lastRecord, tabId) {
  const core = await ready;
  const settings = await getSettings();
  const got = await api.storage.local.get(KEY);
  const incident = {
    origin: recovery.origin,
    startMs: recovery.incidentStartedMs,
    endMs: recovery.incidentStartedMs + recovery.incidentDurationMs,
    statuses: recovery.statuses,
    vendor: lastRecord?.diagnosis?.vendor ?? 'unknown',
    failure: lastRecord?.diagnosis?.failure ?? 'unknown',
    attempts: recovery.attempts,
  };
  const history = core.historyAdd(got[KEY] ?? null, incident, Date.now(), settings.history ?? {});
  await api.storage.local.set({ [KEY]: history });
  await notifyRecovery(recovery, tabId, settings);
}

async function notifyRecovery(recovery, tabId, settings) {
  if (settings.notifyOnRecovery === false || !api.notifications) return;
  const tab = await api.tabs.get(tabId).catch(() => null);
  if (!tab || tab.active) return; // the user sees it already
  const seconds = Math.round(recovery.incidentDurationMs / 1000);
  // One notification per site: the id is the origin, so a second recovery replaces the first.
  await api.notifications
    .create(`recovered:${recovery.origin}`, {
      type: 'basic',
      iconUrl: api.runtime.getURL('icons/icon-128.png'),
      title: api.i18n.getMessage('notifyRecoveredTitle'),
      message: api.i18n.getMessage('notifyRecoveredBody', [new URL(recovery.origin).host, String(seconds)]),
    })
    .catch(() => {});
}
