// Every message between the extension's contexts, with its direction and a validator. A message that
// fails its validator is dropped: pages and content scripts are not trusted to send well-formed data.

const MAX_TEXT = 8 * 1024;

const isStr = (v, max) => typeof v === 'string' && v.length <= max;

/** Message names: `from->to: what`. */
export const MSG = Object.freeze({
  PAGE_FACTS: 'content->background: page-facts',
  TAB_STATE: 'popup->background: tab-state',
  PANEL_ACTION: 'content->background: panel-action',
});

const validators = {
  [MSG.PAGE_FACTS]: (m) => isStr(m.title, 1024) && isStr(m.text, MAX_TEXT),
  [MSG.TAB_STATE]: (m) => Number.isInteger(m.tabId) && m.tabId >= 0,
  [MSG.PANEL_ACTION]: (m) => ['retry-now', 'cancel', 'dismiss'].includes(m.action),
};

/** True when `message` is one of ours and well-formed. */
export function isValidMessage(message) {
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return false;
  const check = validators[message.type];
  return !!check && check(message);
}

export const PAGE_TEXT_LIMIT = MAX_TEXT;
