// Resubmission guard, page world (registered with world: 'MAIN' at document_start, only on origins with a
// live uncertain submission). `form.submit()` fires no submit event (HTML standard, "submit()" skips the
// event), so the isolated guard script could never see it: this wraps HTMLFormElement.prototype.submit to
// dispatch a cancelable event first. The isolated script cancels it while it asks the background, and
// later submits with its own (unwrapped) copy of the method. Runs page-visible code: nothing secret here.
(() => {
  const MARK = Symbol.for('gateway-guard.submit-wrapped');
  const proto = HTMLFormElement.prototype;
  if (proto[MARK]) return; // injected once per document (registered and executeScript both run it)
  const nativeSubmit = proto.submit;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const apply = Reflect.apply;
  const EventCtor = CustomEvent;
  const wrapped = {
    submit() {
      const event = new EventCtor('gateway-guard:form-submit', { bubbles: true, cancelable: true, composed: true });
      // Cancelled = the guard holds (or re-checks) this submit; otherwise the native method runs as before.
      if (!(this instanceof HTMLFormElement) || apply(dispatch, this, [event])) return apply(nativeSubmit, this, []);
      return undefined;
    },
  }.submit;
  Object.defineProperty(proto, 'submit', { value: wrapped, writable: true, configurable: true, enumerable: true });
  Object.defineProperty(proto, MARK, { value: true });
})();
