// The popup: the current tab's diagnosis and countdown, this site's recent incidents, and the per-site
// auto-retry switch. It asks the background and renders text only. `?tab=ID` selects the tab to show
// (the browser tests open the popup page in a tab of its own). The sentence, the countdown and the advice
// come from the renderer the error-page panel uses too (content/render.js, loaded first by popup.html).
import { api } from '../lib/platform.js';
import { MSG } from '../lib/messages.js';
import { originOf } from '../lib/urls.js';
import { t, localize, el, formatDateTime, formatDuration, formatStatuses } from '../lib/i18n.js';

const render = globalThis.gatewayGuardRender;

const RECENT = 5;
const REFRESH_MS = 2_000;
const $ = (id) => document.getElementById(id);

localize(document);

async function currentTab() {
  const wanted = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
  if (Number.isInteger(wanted) && wanted >= 0) return api.tabs.get(wanted).catch(() => null);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab ?? null;
}


const tabState = (tabId) => api.runtime.sendMessage({ type: MSG.TAB_STATE, tabId });
const tabAction = (tabId, action) => api.runtime.sendMessage({ type: MSG.POPUP_ACTION, tabId, action });

let stopCountdown = () => {};
function showCountdown(record) {
  stopCountdown();
  $('countdown-actions').hidden = record?.plan?.kind !== 'retry';
  stopCountdown = render.countdown(record, { countdown: $('countdown'), live: $('live') });
}

let shownKey = null;
function showRecord(record, tab) {
  // Re-render only when something changed (the refresh must not move the user's focus).
  const key = JSON.stringify([record?.at, record?.plan, record?.explanation, record?.diagnosis?.vendor, record?.diagnosis?.advice]);
  if (key === shownKey) return;
  shownKey = key;
  const statusLine = $('status-line');
  const list = $('advice');
  list.replaceChildren();
  if (!record) {
    statusLine.classList.remove('failed');
    statusLine.textContent = t('popupHealthy');
    $('sentence').textContent = '';
    showCountdown(null);
    return;
  }
  const d = record.diagnosis;
  let host = '';
  try {
    host = new URL(record.url).host;
  } catch {
    // keep it empty
  }
  statusLine.classList.add('failed');
  statusLine.textContent = d.status > 0 ? t('popupStatus', [String(d.status), host]) : t('popupStatusNoAnswer', [host]);
  $('sentence').textContent = render.sentence(record);
  list.append(...render.adviceItems(record, { live: $('live'), onAction: (action) => tabAction(tab.id, action) }));
  showCountdown(record);
}

async function showSite(tab, origin) {
  $('site').hidden = false;
  const { settings } = await api.storage.local.get('settings');
  const off = Array.isArray(settings?.disabledOrigins) && settings.disabledOrigins.includes(origin);
  const toggle = $('site-auto-retry');
  toggle.checked = !off && settings?.autoRetry !== false;
  toggle.disabled = settings?.autoRetry === false; // off everywhere: the options page decides
  toggle.addEventListener('change', async () => {
    const result = await api.runtime.sendMessage({ type: MSG.SITE_AUTO_RETRY, tabId: tab.id, enabled: toggle.checked });
    if (result?.record) showRecord(result.record, tab);
  });
  const reply = await api.runtime.sendMessage({ type: MSG.HISTORY, action: 'get' });
  const incidents = (reply?.history?.incidents ?? []).filter((i) => i.origin === origin).slice(-RECENT).reverse();
  const list = $('incidents');
  list.replaceChildren();
  if (incidents.length === 0) list.append(el('li', {}, t('popupNoIncidents')));
  for (const i of incidents) {
    list.append(
      el('li', {}, t('incidentSummary', [formatDateTime(i.startMs), formatDuration(i.endMs - i.startMs), formatStatuses(i.statuses)])),
    );
  }
}

async function main() {
  $('open-options').addEventListener('click', () => api.runtime.openOptionsPage());
  const tab = await currentTab();
  if (!tab) {
    $('status-line').textContent = t('popupNoTab');
    return;
  }
  $('retry-now').addEventListener('click', async () => {
    stopCountdown();
    $('countdown').textContent = t('countdownRetrying');
    await tabAction(tab.id, 'retry-now');
  });
  $('cancel').addEventListener('click', async () => showRecord(await tabAction(tab.id, 'cancel'), tab));
  showRecord(await tabState(tab.id), tab);
  const origin = originOf(tab.url);
  if (origin) await showSite(tab, origin);
  // The tab may retry, recover or fail again while the popup is open.
  setInterval(() => void tabState(tab.id).then((r) => showRecord(r, tab)).catch(() => {}), REFRESH_MS);
}

main().catch((e) => console.error('gateway-guard popup:', e));
