// The toolbar badge. The core decides its text and severity (crates/core/src/explain.rs `badge`); this
// file only maps the severity to a colour and calls the browser.
import { api } from '../lib/platform.js';
import { ready } from './core.js';

// Red for a hard failure, amber for "come back later" answers (maintenance, rate limit), grey for no answer.
const COLOURS = { hard: '#b3261e', soft: '#b86e00', no_answer: '#5f6368' };

export async function showFailureBadge(tabId, status) {
  const { text, severity } = (await ready).badge(status);
  await Promise.all([
    api.action.setBadgeText({ tabId, text }),
    api.action.setBadgeBackgroundColor({ tabId, color: COLOURS[severity] }),
  ]).catch(() => {}); // the tab may have closed meanwhile
}

export async function clearBadge(tabId) {
  await api.action.setBadgeText({ tabId, text: '' }).catch(() => {});
}
