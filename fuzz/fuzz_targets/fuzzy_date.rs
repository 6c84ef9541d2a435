#![no_main]
//! See fuzz/README.md and fuzz/src/checks.rs (`fuzzy_date`).

#[path = "../src/checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::fuzzy_date(data));
