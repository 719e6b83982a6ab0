//! Inputs that once crashed a fuzz target (see `fuzz/` and `scripts/fuzz.sh`), fed through
//! the same entry points (`herald::fuzzing`), plus every committed seed, so the fuzzers'
//! starting points stay crash-free in plain `cargo test`.

use std::path::Path;
use std::sync::LazyLock;

use herald::fuzzing::Fixture;

static FIXTURE: LazyLock<Fixture> =
    LazyLock::new(|| Fixture::load(Path::new(env!("CARGO_MANIFEST_DIR"))));

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// Every crash a fuzzer found, kept as found in `fuzz/regressions/TARGET/` (named after
/// the bug), fed to the target it crashed.
#[test]
fn every_crash_found_stays_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut count = 0;
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let data = std::fs::read(input.unwrap().path()).unwrap();
            match name.as_str() {
                "front_matter" => drop(FIXTURE.front_matter(&data)),
                "markdown" => drop(FIXTURE.markdown(&data)),
                "fluent" => drop(FIXTURE.fluent(&data)),
                "terminology" => drop(FIXTURE.terminology(&data)),
                other => panic!("fuzz/regressions/{other}: not a fuzz target"),
            }
            count += 1;
        }
    }
    assert!(count > 0);
}

#[test]
fn a_huge_minimum_fraction_digits_is_capped() {
    // fuzz/regressions/fluent/number-minimum-fraction-digits-capacity-overflow, reduced:
    // fluent-bundle padded 99888... zeros itself and panicked with "capacity overflow".
    let d = FIXTURE.fluent(
        b"n = { NUMBER($n, minimumFractionDigits: 998888888888888888888) }\n\0\0\0\0\0\0\0\0\0\xf0\x3f",
    );
    assert!(d.iter().all(|d| d.code != Some("fluent-syntax")), "{d:?}");
}

#[test]
fn every_seed_runs_without_panicking() {
    for (_, data) in seeds("front_matter") {
        FIXTURE.front_matter(&data);
    }
    for (_, data) in seeds("markdown") {
        FIXTURE.markdown(&data);
    }
    for (_, data) in seeds("fluent") {
        FIXTURE.fluent(&data);
    }
    for (_, data) in seeds("terminology") {
        FIXTURE.terminology(&data);
    }
}

#[test]
fn seed_edge_cases_give_diagnostics() {
    // Unclosed front matter is an error with a code, not a panic or a silent skip.
    let d = FIXTURE.front_matter(b"\x00---\ntitle: A\nsector: x\n");
    assert!(
        d.iter()
            .any(|d| d.code == Some("front-matter") && d.message.contains("not closed")),
        "{d:?}"
    );
    // A link climbing out of content/ leads nowhere.
    let d = FIXTURE.markdown(b"[x](@/../etc/passwd.md)\n");
    assert!(d.iter().any(|d| d.code == Some("link-broken")), "{d:?}");
    // A sample page parses cleanly.
    let page = std::fs::read("content/investment/vsip-quang-ngai.vi.md").unwrap();
    let d = FIXTURE.front_matter(&[[0u8].as_slice(), &page].concat());
    assert!(!d.iter().any(|d| d.is_error()), "{d:?}");
}

#[test]
fn an_alias_bomb_is_refused_not_expanded() {
    // A billion `x` from nine levels of ten aliases: serde-saphyr's alias budget must stop
    // it with an error at the file's position, in well under a second.
    let data = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/front_matter/alias-bomb"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let d = FIXTURE.front_matter(&data);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        d.iter()
            .any(|d| d.is_error() && d.line.is_some_and(|l| l > 1)),
        "{d:?}"
    );
}
