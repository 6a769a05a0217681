// Loads the Rust core (WebAssembly) once per background start. Listeners are registered synchronously
// elsewhere and await `ready` inside: a top-level await would keep Chrome's service worker from starting
// (platform-notes.md).
import init, * as wasm from '../wasm/gateway_guard_wasm.js';

// Timings and the WASM memory size for tests/bench (read over CDP; no behaviour depends on them).
const timings = (globalThis.gatewayGuardTimings = { coreImportMs: performance.now() });
export const ready = init().then((exports) => {
  timings.coreReadyMs = performance.now();
  globalThis.gatewayGuardWasmBytes = () => exports.memory.buffer.byteLength;
  return wasm;
});

/** `diagnose(facts)` from the core; see shared/spec/diagnosis.md for the shapes. */
export async function diagnose(facts) {
  const core = await ready;
  return core.diagnose(facts);
}

/** `assessForm(formDescription)` and `assessPost(path, fieldNames)` from the core (form risk). */
export async function assessForm(form) {
  return (await ready).assessForm(form);
}

export async function assessPost(path, fieldNames) {
  return (await ready).assessPost(path, fieldNames);
}

/** The pacing engine (crates/core/src/pacing) through the boundary; every call returns the new state. */
export async function pacing() {
  return ready;
}
