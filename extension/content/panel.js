// The error-page panel. Injected only into a tab whose top-level page failed. It reads the page's title
// and visible text (so the core can match body markers), then shows the diagnosis in a shadow root.
// Page-supplied text is only ever set with textContent, never parsed as HTML.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  if (globalThis.__gatewayGuardPanel) return; // injected once per document
  globalThis.__gatewayGuardPanel = true;

  const TEXT_LIMIT = 8 * 1024;
  const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

  const title = (document.title || '').slice(0, 1024);
  const text = (document.body?.innerText || '').slice(0, TEXT_LIMIT);

  api.runtime
    .sendMessage({ type: 'content->background: page-facts', title, text })
    .then((record) => record && render(record))
    .catch(() => {});

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sentence(d) {
    const vendor = d.vendor === 'unknown' ? t('vendorUnknown') : t(`vendor_${d.vendor.replace(/-/g, '_')}`);
    return t('panelSentence', [vendor, String(d.status), t(`failure_${d.failure}`)]);
  }

  function render(record) {
    const d = record.diagnosis;
    const host = el('div', { id: 'gateway-guard-panel-host' });
    const root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = `
      :host { all: initial; }
      .panel { position: fixed; right: 16px; bottom: 16px; max-width: 420px; z-index: 2147483647;
        font: 14px/1.45 system-ui, sans-serif; color: #1f1f1f; background: #fff; border: 1px solid #c4c7c5;
        border-left: 4px solid #b3261e; border-radius: 8px; padding: 12px 16px; box-shadow: 0 2px 8px #0003; }
      h2 { font-size: 15px; margin: 0 0 6px; }
      ul { margin: 6px 0 0; padding-left: 18px; }
      button { font: inherit; margin-top: 8px; }
      @media (prefers-color-scheme: dark) {
        .panel { color: #e3e3e3; background: #1f1f1f; border-color: #444746; }
      }`;
    const panel = el('section', { class: 'panel', role: 'region', 'aria-label': t('extName') });
    panel.append(el('h2', {}, t('panelHeading')));
    panel.append(el('p', { class: 'sentence' }, sentence(d)));
    const list = el('ul', { class: 'advice' });
    for (const id of d.advice) list.append(el('li', {}, t(`advice_${id}`)));
    panel.append(list);
    const close = el('button', { type: 'button', class: 'dismiss' }, t('panelDismiss'));
    close.addEventListener('click', () => host.remove());
    panel.append(close);
    root.append(style, panel);
    document.documentElement.append(host);
  }
})();
