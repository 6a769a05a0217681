// What the panel's, the popup's and the options page's buttons ask for, beyond the retry countdown:
// clearing one site's cached files, opening the page in a private window, the per-site auto-retry switch
// and the incident history. Each action only wires a browser API or a core call.
import { api, removeSiteCache } from '../lib/platform.js';
import { webUrl } from '../lib/urls.js';
import { ready } from './core.js';
import { getSettings, saveSettings } from './settings.js';
import { getTabFailure, setTabFailure } from './tabstate.js';
import { cancelRetries, retryNow } from './pacing.js';
import { readHistory } from './incidents.js';

const HISTORY_KEY = 'incidents';
/** Bound on the per-site switch list, so a stored value cannot grow without end. */
const MAX_DISABLED_ORIGINS = 500;


/** Only the extension's own pages (popup, options) may change settings or the history. */
export function fromExtensionPage(sender) {
  return typeof sender?.url === 'string' && sender.url.startsWith(api.runtime.getURL(''));
}

/** Clears this site's cached files (only this site's: lib/platform.js), then reloads bypassing the cache. */
export async function clearSiteCache(tab) {
  const url = webUrl(tab.url);
  if (!url || !api.browsingData) return;
  await removeSiteCache(url);
  await retryNow(tab.id, tab.url);
}

/** Opens the page in a private window, where the user allowed the extension there (else nothing). */
export async function openPrivate(tab) {
  if (!webUrl(tab.url) || !(await api.extension.isAllowedIncognitoAccess())) return;
  await api.windows.create({ incognito: true, url: tab.url });
}

/** The popup's "retry automatically on this site" switch (settings.disabledOrigins). */
export async function setSiteAutoRetry({ enabled }, tab) {
  const url = tab && webUrl(tab.url);
  if (!url) return null;
  const settings = await getSettings();
  const list = Array.isArray(settings.disabledOrigins) ? settings.disabledOrigins.filter((o) => o !== url.origin) : [];
  if (!enabled) list.push(url.origin);
  await saveSettings({ ...settings, disabledOrigins: list.slice(-MAX_DISABLED_ORIGINS) });
  const record = await getTabFailure(tab.id);
  if (!enabled) {
    await cancelRetries(tab.url);
    if (record?.plan?.kind === 'retry') {
      await setTabFailure(tab.id, { ...record, plan: { kind: 'noAutoRetry', reason: { kind: 'disabled' } }, autoRetryOffForSite: true });
    }
  } else if (record) {
    await setTabFailure(tab.id, { ...record, autoRetryOffForSite: false });
  }
  return { enabled, record: await getTabFailure(tab.id) };
}

/** The options page's history: read (normalized by the core), as CSV, or cleared. */
export async function historyAction({ action }) {
  if (action === 'clear') {
    await api.storage.local.remove(HISTORY_KEY);
    return { cleared: true };
  }
  const history = await readHistory();
  if (action === 'csv') return { csv: (await ready).historyCsv(history) };
  return { history };
}
