//! `SiteTest`: a site written into a fresh temporary folder, built through the library or
//! the real `herald` binary, with small helpers to read what came out.
//!
//! `SiteTest::new()` starts from what `herald init` writes (a working vi + en site with the
//! default theme), so each test states only what it changes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use herald::diagnostic::Diagnostic;
use herald::{BuildOptions, BuildReport, CheckReport};

pub struct SiteTest {
    dir: tempfile::TempDir,
}

/// The result of running the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// A working bilingual site, as `herald init` makes it.
    pub fn new() -> SiteTest {
        let t = SiteTest::empty();
        herald::init::init(&t.root()).expect("init");
        t
    }

    /// An empty folder (the site root is `root()`, which does not exist yet).
    pub fn empty() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The site root.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The temporary folder around the site (for things outside it).
    pub fn outside(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file of the site (creating folders).
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self
    }

    /// Write raw bytes.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        self
    }

    /// Remove a file of the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Append to a file of the site.
    pub fn append(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        let mut old = std::fs::read_to_string(&path).unwrap();
        old.push_str(text);
        std::fs::write(&path, old).unwrap();
        self
    }

    /// Replace text in a file of the site.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let path = self.root().join(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        assert!(old.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, old.replace(from, to)).unwrap();
        self
    }

    /// Check through the library (loads and renders in memory, writes nothing).
    pub fn check(&self) -> CheckReport {
        herald::check(&self.root(), &BuildOptions::default())
    }

    /// Read a file of the site (not of the output).
    pub fn source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Build through the library into `public/`.
    pub fn build(&self) -> Result<BuildReport, Vec<Diagnostic>> {
        self.build_with(&BuildOptions::default())
    }

    /// Build with options.
    pub fn build_with(&self, opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
        herald::build(&self.root(), &self.root().join("public"), opts)
    }

    /// Build and panic with the diagnostics if it fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(d) => panic!(
                "build failed:\n{}",
                d.iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// Build fully even if nothing changed since the last build (`--force`): for tests of
    /// what a full build does on a second run (caches, the spare folder).
    pub fn build_forced_ok(&self) -> BuildReport {
        let opts = BuildOptions {
            force: true,
            ..BuildOptions::default()
        };
        match self.build_with(&opts) {
            Ok(r) => {
                assert!(!r.up_to_date);
                r
            }
            Err(d) => panic!("build failed:\n{}", rendered(&d)),
        }
    }

    /// Wait until files written so far are older than the file system's clock at the
    /// next build's start: a source changed in the same timestamp tick as the build
    /// leaves no stamp (see `herald::build`), which would make a skipped build untestable.
    pub fn settle(&self) -> &Self {
        std::thread::sleep(std::time::Duration::from_millis(50));
        self
    }

    /// Build, expect failure, and return the errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(_) => panic!("build succeeded but should have failed"),
            Err(d) => d.into_iter().filter(|d| d.is_error()).collect(),
        }
    }

    /// Run the real binary with `args` in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_herald"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run herald");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// A built file's text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{rel}: {e}; built files:\n{}",
                self.built_files().join("\n")
            )
        })
    }

    /// True if the build wrote `rel`.
    pub fn exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }

    /// Every built file, sorted, relative to public/.
    pub fn built_files(&self) -> Vec<String> {
        let public = self.root().join("public");
        let mut files: Vec<String> = walkdir::WalkDir::new(&public)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// The `<main>` element of a page (assertions on it ignore header and footer).
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.rfind("</main>").expect("page has </main>");
    &html[start..end]
}

/// A page's front matter and body.
pub fn page(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// Assert that one of `diagnostics` contains every fragment, and return it.
pub fn find<'a>(diagnostics: &'a [Diagnostic], fragments: &[&str]) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| {
            let text = d.render(false);
            fragments.iter().all(|f| text.contains(f))
        })
        .unwrap_or_else(|| {
            panic!(
                "no diagnostic with {fragments:?} among:\n{}",
                diagnostics
                    .iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
}

/// The diagnostics with `code`.
pub fn with_code<'a>(diagnostics: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.code == Some(code))
        .collect()
}

/// Every diagnostic, rendered, for assertion messages.
pub fn rendered(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file of the built search bundle (`public/pagefind/...`) as Pagefind's script reads it:
/// `.pf_*` files are gzipped and start with `pagefind_dcd`, which is removed.
pub fn search_file(t: &SiteTest, rel: &str) -> Vec<u8> {
    use std::io::Read;
    let raw = std::fs::read(t.root().join("public/pagefind").join(rel)).unwrap();
    if !rel.contains(".pf_") {
        return raw;
    }
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{rel} is not gzip: {e}"));
    assert!(bytes.starts_with(b"pagefind_dcd"), "{rel}");
    bytes.split_off(12)
}

/// Every file of the search bundle, decoded: (path under pagefind/, bytes).
pub fn search_files(t: &SiteTest) -> Vec<(String, Vec<u8>)> {
    t.built_files()
        .into_iter()
        .filter_map(|f| f.strip_prefix("pagefind/").map(str::to_string))
        .map(|rel| {
            let bytes = search_file(t, &rel);
            (rel, bytes)
        })
        .collect()
}

/// The fragments (one JSON object per indexed page) of language `lang`. A fragment file
/// holds a group of pages: an object of fragments by their name.
pub fn search_fragments(t: &SiteTest, lang: &str) -> Vec<serde_json::Value> {
    search_files(t)
        .into_iter()
        .filter(|(rel, _)| rel.starts_with(&format!("fragment/{lang}_")))
        .flat_map(|(rel, bytes)| {
            let group: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
            group.into_iter().map(|(_, fragment)| fragment)
        })
        .collect()
}

/// Every text string in the word index chunks of `lang`: the indexed words and, for words
/// indexed without their accents, the forms they were written in.
pub fn search_words(t: &SiteTest, lang: &str) -> std::collections::BTreeSet<String> {
    let mut words = std::collections::BTreeSet::new();
    for (rel, bytes) in search_files(t) {
        if rel.starts_with(&format!("index/{lang}_")) {
            let mut at = 0;
            cbor_strings(&bytes, &mut at, &mut words);
        }
    }
    words
}

/// Walk one CBOR item (definite lengths, as Pagefind writes them) collecting text strings.
fn cbor_strings(b: &[u8], at: &mut usize, out: &mut std::collections::BTreeSet<String>) {
    let head = b[*at];
    *at += 1;
    let (major, info) = (head >> 5, head & 31);
    let mut arg = |n: usize| {
        let v = b[*at..*at + n]
            .iter()
            .fold(0u64, |acc, &x| (acc << 8) | u64::from(x));
        *at += n;
        v
    };
    let value = match info {
        0..=23 => u64::from(info),
        24 => arg(1),
        25 => arg(2),
        26 => arg(4),
        27 => arg(8),
        _ => panic!("indefinite CBOR lengths are not expected"),
    } as usize;
    match major {
        0 | 1 | 7 => {}
        2 => *at += value,
        3 => {
            out.insert(String::from_utf8(b[*at..*at + value].to_vec()).unwrap());
            *at += value;
        }
        4 => (0..value).for_each(|_| cbor_strings(b, at, out)),
        5 => (0..2 * value).for_each(|_| cbor_strings(b, at, out)),
        6 => cbor_strings(b, at, out),
        _ => unreachable!(),
    }
}
