// A subresource of the bench page: a little work, as real scripts do.
(globalThis.benchScripts = globalThis.benchScripts || []).push(document.scripts.length);
