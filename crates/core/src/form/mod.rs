//! Resubmission risk: how payment-like a form is (see `shared/spec/behaviour.md`).
