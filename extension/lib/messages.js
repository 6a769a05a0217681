// Every message between the extension's contexts, with its direction and a validator. A message that
// fails its validator is dropped: pages and content scripts are not trusted to send well-formed data.

const MAX_TEXT = 8 * 1024;

const isStr = (v, max) => typeof v === 'string' && v.length <= max;

/** Message names: `from->to: what`. */
export const MSG = Object.freeze({
  PAGE_FACTS: 'content->background: page-facts',
  TAB_STATE: 'popup->background: tab-state',
  PANEL_ACTION: 'content->background: panel-action',
  POPUP_ACTION: 'popup->background: retry-action',
  GUARD_CHECK: 'content->background: guard-check',
  SITE_AUTO_RETRY: 'popup->background: site-auto-retry',
  HISTORY: 'options->background: history',
});

/** What the panel's and the popup's buttons ask the background to do. */
const PAGE_ACTIONS = ['retry-now', 'cancel', 'hard-refresh', 'clear-site-cache', 'open-private'];
const isTabId = (v) => Number.isInteger(v) && v >= 0;

const validators = {
  [MSG.PAGE_FACTS]: (m) =>
    isStr(m.title, 1024) &&
    isStr(m.text, MAX_TEXT) &&
    (m.navigationType === undefined || ['navigate', 'reload', 'back_forward', 'prerender'].includes(m.navigationType)) &&
    (m.documentStart === undefined || Number.isFinite(m.documentStart)),
  [MSG.TAB_STATE]: (m) => Number.isInteger(m.tabId) && m.tabId >= 0,
  [MSG.PANEL_ACTION]: (m) => [...PAGE_ACTIONS, 'countdown-ended'].includes(m.action),
  [MSG.POPUP_ACTION]: (m) => PAGE_ACTIONS.includes(m.action) && isTabId(m.tabId),
  [MSG.SITE_AUTO_RETRY]: (m) => isTabId(m.tabId) && typeof m.enabled === 'boolean',
  [MSG.HISTORY]: (m) => ['get', 'csv', 'clear'].includes(m.action),
  [MSG.GUARD_CHECK]: (m) => isStr(m.actionUrl, 4096) && isFormDescription(m.form),
};

/** A form as the guard script describes it: names, types and visible texts only (never values). */
function isFormDescription(f) {
  if (!f || typeof f !== 'object') return false;
  const isField = (x) =>
    x && typeof x === 'object' && isStr(x.name, 512) && isStr(x.type, 64) && isStr(x.autocomplete, 256) &&
    isStr(x.label, 512) && (x.id === null || isStr(x.id, 512));
  return (
    isStr(f.action, 4096) && isStr(f.method, 16) &&
    Array.isArray(f.fields) && f.fields.length <= 256 && f.fields.every(isField) &&
    Array.isArray(f.submitTexts) && f.submitTexts.length <= 32 && f.submitTexts.every((s) => isStr(s, 512)) &&
    (f.headingText === null || isStr(f.headingText, 512))
  );
}

/** True when `message` is one of ours and well-formed. */
export function isValidMessage(message) {
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return false;
  const check = validators[message.type];
  return !!check && check(message);
}

export const PAGE_TEXT_LIMIT = MAX_TEXT;
