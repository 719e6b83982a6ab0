//! Fuzz target `fluent`: see `herald::fuzzing::Fixture::fluent`. The fixture is the sample
//! site at the repository root, loaded once per process.
#![no_main]

use std::sync::LazyLock;

use herald::fuzzing::Fixture;
use libfuzzer_sys::fuzz_target;

static FIXTURE: LazyLock<Fixture> =
    LazyLock::new(|| Fixture::load(concat!(env!("CARGO_MANIFEST_DIR"), "/..").as_ref()));

fuzz_target!(|data: &[u8]| {
    FIXTURE.fluent(data);
});
