// The error-page panel. Injected only into a tab whose top-level page failed, after content/render.js
// (the renderer it shares with the popup). It shows, in a shadow root: who failed in one sentence (the
// core's explanation, localized), the retry countdown, the advice with the actions the extension can take
// itself, notes for the site's owner, and once retries have stopped a link to an archived copy.
// Page-supplied text is only ever set with textContent.
//
// Two steps, so that the panel need not wait for the page: the background injects it as soon as the
// failed page commits, with the failure record it stored from the status and headers
// (`globalThis.__gatewayGuardRecord`, or `offer()` when that arrives second), and the panel shows that at
// once — only when the record is this document's: same status as this document's response, stored after
// this document started loading. When the page is parsed, it sends the page's title and visible text to
// the background, which diagnoses again with the body's markers (a vendor named only in the page body);
// the answer then replaces what differs, in place. A record offered after that answer is ignored, so
// nothing older can come back.
// The countdown lives here, in the page: when it ends it wakes the background (which the browser may have
// stopped meanwhile) to issue the retry.
// A content script cannot import: the message names below mirror lib/messages.js.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const R = globalThis.gatewayGuardRender;
  // The injection's result: true when this document is the failed page of the record offered with it.
  if (globalThis.__gatewayGuardPanel) return false; // injected once per document
  if (!R) return false; // render.js comes first

  // Only a document loaded from the web whose own response failed takes a panel and sends anything: not
  // the tab's previous or next document caught mid-navigation (a new tab's about:blank has no navigation
  // entry). The status is this document's response's (Chrome 109+, Firefox 129+; older: not checked).
  const navigation = performance.getEntriesByType('navigation')[0];
  const isFailureStatus = (s) => s === 429 || (s >= 500 && s <= 599);
  const statusKnown = typeof navigation?.responseStatus === 'number';
  const responseStatus = statusKnown ? navigation.responseStatus : null;
  if (!/^https?:$/.test(location.protocol) || !navigation || (statusKnown && !isFailureStatus(responseStatus))) return false;
  const { t, el } = R;

  const TEXT_LIMIT = 8 * 1024;
  const MSG_PAGE_FACTS = 'content->background: page-facts';
  const MSG_PANEL_ACTION = 'content->background: panel-action';
  /** Only the user's click on this link contacts the Internet Archive. */
  const ARCHIVE_PREFIX = 'https://web.archive.org/web/';

  const send = (message) => api.runtime.sendMessage(message).catch(() => null);
  const act = (action) => send({ type: MSG_PANEL_ACTION, action });

  // A reload by the user counts as an attempt; only the page knows it was one.
  const navigationType = navigation?.type ?? 'navigate';
  const documentStart = performance.timeOrigin; // tells this document from the tab's earlier ones
  const withoutFragment = (u) => String(u ?? '').split('#')[0];

  let ui = null; // the rendered panel's parts
  let answered = false; // the background's answer to the page facts is in: nothing earlier may show
  let dismissed = false;

  /** True when `record`, offered before the page facts, is the failure of this very document. */
  const isThisDocuments = (record) =>
    !!record && responseStatus !== null && record.status === responseStatus && record.at >= documentStart &&
    withoutFragment(record.url) === withoutFragment(location.href);

  /** Shows `record` unless something is shown already; true when it is this document's. */
  function offer(record) {
    if (!isThisDocuments(record)) return false;
    if (!ui && !answered && !dismissed) render(record);
    return true;
  }

  /** Runs `fn` once the page is parsed (its title and text are there). */
  function whenParsed(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn, { once: true });
    else fn();
  }

  function attach(host) {
    if (document.documentElement) {
      document.documentElement.append(host);
      return;
    }
    // Injected so early that the root element is not there yet.
    const watch = new MutationObserver(() => {
      if (!document.documentElement) return;
      watch.disconnect();
      document.documentElement.append(host);
    });
    watch.observe(document, { childList: true });
  }

  function ownerNotes() {
    const details = el('details', { class: 'owner' });
    details.append(el('summary', {}, t('ownerHeading')));
    const list = el('ul');
    for (const key of ['ownerNoteBrief', 'ownerNoteLong', 'ownerNoteMaintenance']) list.append(el('li', {}, t(key)));
    details.append(list);
    return details;
  }

  function archiveLink(url) {
    const p = el('p', { class: 'archive' });
    let href = null;
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') href = ARCHIVE_PREFIX + u.href;
    } catch {
      // no link for a URL that does not parse
    }
    if (href) {
      // noreferrer: the archive learns the page's address from the link, nothing more.
      p.append(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('archiveLink')));
      p.append(el('span', { class: 'hint' }, ` ${t('archiveNote')}`));
    }
    return p;
  }

  const STYLE = `
    :host { all: initial; }
    .panel { position: fixed; right: 16px; bottom: 16px; max-width: min(440px, calc(100vw - 32px));
      max-height: 60vh; overflow: auto; z-index: 2147483647; box-sizing: border-box;
      font: 14px/1.45 system-ui, sans-serif; color: #1f1f1f; background: #fff;
      border: 1px solid #c4c7c5; border-left: 4px solid #b3261e; border-radius: 8px; padding: 12px 16px;
      box-shadow: 0 2px 8px #0003; transition: opacity .2s ease-out, transform .2s ease-out; }
    .panel.entering { opacity: 0; transform: translateY(8px); }
    h2 { font-size: 15px; margin: 0 0 6px; }
    p { margin: 4px 0; }
    .sentence { font-size: 15px; }
    .countdown { font-weight: 600; }
    .notice { background: #fff4e5; color: #4a2c00; padding: 6px 8px; border-radius: 4px; }
    ul { margin: 6px 0 0; padding-left: 18px; }
    li { margin: 4px 0; }
    .hint { color: #444746; }
    .actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
    button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #747775; background: #fff;
      color: #1f1f1f; cursor: pointer; }
    button.step-action { padding: 1px 8px; margin-top: 2px; }
    button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
    button:disabled { opacity: .6; cursor: default; }
    a { color: #0b57d0; }
    details { margin-top: 8px; }
    summary { cursor: pointer; }
    button:focus-visible, a:focus-visible, summary:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
    [hidden] { display: none !important; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
    @media (prefers-color-scheme: dark) {
      .panel { color: #e3e3e3; background: #1f1f1f; border-color: #5e5e5e; border-left-color: #f2b8b5; }
      .notice { background: #3d2a00; color: #ffdfa8; }
      .hint { color: #c4c7c5; }
      button { background: #2d2f31; color: #e3e3e3; border-color: #8e918f; }
      button.primary { background: #a8c7fa; color: #062e6f; border-color: #a8c7fa; }
      a { color: #a8c7fa; }
      button:focus-visible, a:focus-visible, summary:focus-visible { outline-color: #a8c7fa; }
    }
    @media (prefers-reduced-motion: reduce) { .panel { transition: none; } }`;

  let stopCountdown = () => {};
  function showCountdown(record) {
    stopCountdown();
    const retrying = record.plan?.kind === 'retry';
    ui.retryNow.hidden = !retrying;
    ui.cancel.hidden = !retrying;
    ui.archive.hidden = !R.retriesOver(record.plan);
    stopCountdown = R.countdown(record, { countdown: ui.countdown, live: ui.live, onZero: () => act('countdown-ended') });
  }

  const adviceKey = (record) => JSON.stringify([record.diagnosis.advice, !!record.privateWindowAllowed]);
  const planKey = (record) => JSON.stringify([record.plan ?? null, !!record.autoRetryOffForSite]);

  function showAdvice(record) {
    const items = R.adviceItems(record, { live: ui.live, onAction: act });
    ui.advice.replaceChildren(...items);
    ui.advice.hidden = items.length === 0;
    ui.adviceHeading.hidden = items.length === 0;
  }

  function render(record) {
    const host = el('div', { id: 'gateway-guard-panel-host' });
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = STYLE;
    const lang = R.uiLanguage().split('-')[0];
    const panel = el('section', { class: 'panel entering', role: 'region', 'aria-label': t('extName'), lang });
    panel.append(el('h2', {}, t('panelHeading')));
    const sentence = el('p', { class: 'sentence' }, R.sentence(record));
    const countdown = el('p', { class: 'countdown', 'aria-hidden': 'true' });
    const live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    const notice = el('p', { class: 'notice', role: 'note' }, t('rapidReloadNotice'));
    notice.hidden = !record.rapidReloadNotice;
    panel.append(sentence, countdown, live, notice);
    const actions = el('div', { class: 'actions' });
    const retryNow = el('button', { type: 'button', class: 'retry-now primary' }, t('countdownRetryNow'));
    const cancel = el('button', { type: 'button', class: 'cancel' }, t('countdownCancel'));
    const close = el('button', { type: 'button', class: 'dismiss' }, t('panelDismiss'));
    actions.append(retryNow, cancel, close);
    const adviceHeading = el('h3', { class: 'visually-hidden' }, t('adviceHeading'));
    const advice = el('ul', { class: 'advice' });
    const archive = archiveLink(record.url);
    panel.append(actions, adviceHeading, advice, archive, ownerNotes());
    root.append(style, panel);
    ui = { host, sentence, countdown, live, notice, retryNow, cancel, archive, advice, adviceHeading, record };
    showAdvice(record);
    attach(host);
    requestAnimationFrame(() => panel.classList.remove('entering'));

    retryNow.addEventListener('click', () => {
      stopCountdown();
      countdown.textContent = t('countdownRetrying');
      act('retry-now');
    });
    cancel.addEventListener('click', async () => {
      const updated = await act('cancel');
      if (updated) ui.record = updated;
      showCountdown(updated ?? { plan: { kind: 'noAutoRetry', reason: { kind: 'cancelled' } } });
    });
    close.addEventListener('click', () => {
      dismissed = true;
      stopCountdown();
      host.remove();
    });
    showCountdown(record);
  }

  /** The refined record replaces what differs from the one shown; what is the same is not touched. */
  function update(record) {
    const before = ui.record;
    ui.record = record;
    const words = R.sentence(record);
    if (ui.sentence.textContent !== words) ui.sentence.textContent = words;
    ui.notice.hidden = !record.rapidReloadNotice;
    if (adviceKey(record) !== adviceKey(before)) showAdvice(record);
    if (planKey(record) !== planKey(before)) showCountdown(record);
  }

  // Started here, below every declaration they use.
  globalThis.__gatewayGuardPanel = { offer };
  const early = globalThis.__gatewayGuardRecord;
  delete globalThis.__gatewayGuardRecord;
  const accepted = offer(early);

  whenParsed(() => {
    if (ui && !ui.host.isConnected && !dismissed) attach(ui.host); // a parser-time document.open() removed it
    const title = (document.title || '').slice(0, 1024);
    const text = (document.body?.innerText || '').slice(0, TEXT_LIMIT);
    send({ type: MSG_PAGE_FACTS, title, text, navigationType, documentStart }).then((record) => {
      answered = true;
      if (!record || dismissed) return;
      if (ui) update(record);
      else render(record);
    });
  });
  return accepted;
})();
