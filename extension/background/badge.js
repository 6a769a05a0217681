// The toolbar badge: the failed tab's status code, coloured by severity.
import { api } from '../lib/platform.js';

// Red for a hard failure, amber for "come back later" answers (maintenance, rate limit), grey for no answer.
const COLOURS = { hard: '#b3261e', soft: '#b86e00', none: '#5f6368' };

function severity(status) {
  if (status === 503 || status === 429) return 'soft';
  if (status >= 500) return 'hard';
  return 'none';
}

export async function showFailureBadge(tabId, status) {
  const text = status > 0 ? String(status) : '!';
  await Promise.all([
    api.action.setBadgeText({ tabId, text }),
    api.action.setBadgeBackgroundColor({ tabId, color: COLOURS[severity(status)] }),
  ]).catch(() => {}); // the tab may have closed meanwhile
}

export async function clearBadge(tabId) {
  await api.action.setBadgeText({ tabId, text: '' }).catch(() => {});
}
