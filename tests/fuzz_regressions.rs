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
