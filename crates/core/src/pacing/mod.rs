//! Retry pacing: when to hard-refresh a failed page (see `shared/spec/behaviour.md`).
