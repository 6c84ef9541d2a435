#![no_main]
//! See fuzz/README.md and fuzz/src/checks.rs (`table_render`).

#[path = "../src/checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::table_render(data));
