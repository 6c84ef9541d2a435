#![no_main]
//! See fuzz/README.md and fuzz/src/checks.rs (`check_package`).

#[path = "../src/checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_package(data));
