//! Uncertain submissions: which earlier POSTs may have gone through, and which submits to hold.
