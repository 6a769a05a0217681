// The popup: the current tab's diagnosis. It asks the background and renders text only.
import { api } from '../lib/platform.js';
import { MSG } from '../lib/messages.js';
import { t, localize, describe } from '../lib/i18n.js';

localize(document);

async function main() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  const statusLine = document.getElementById('status-line');
  if (!tab) {
    statusLine.textContent = t('popupNoTab');
    return;
  }
  const record = await api.runtime.sendMessage({ type: MSG.TAB_STATE, tabId: tab.id });
  if (!record) {
    statusLine.textContent = t('popupHealthy');
    return;
  }
  const d = record.diagnosis;
  statusLine.textContent = `HTTP ${d.status}`;
  document.getElementById('sentence').textContent = describe(d);
  const list = document.getElementById('advice');
  for (const id of d.advice) {
    const li = document.createElement('li');
    li.textContent = t(`advice_${id}`);
    list.append(li);
  }
}

main().catch((e) => console.error('gateway-guard popup:', e));
