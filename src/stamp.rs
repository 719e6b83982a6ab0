//! The build stamp: what the last successful `herald build` read and wrote, so that a
//! build in which nothing changed writes nothing and answers in milliseconds (at 10,000
//! pages, a full build that ends with the same bytes takes over a second).
//!
//! The stamp (`.herald-cache/last-build.json`) holds a digest of the `stat` of every file
//! and folder a build reads from (`herald.yaml`, `content/`, `i18n/`, `templates/`,
//! `static/`, `themes/`), the output folder's identity and every entry the build wrote in
//! it, the herald binary's identity, the options, the publishing window ([`Window`]) and
//! the report to print again, warnings included. A build is skipped only when every one
//! of them matches. Why that cannot leave a stale output:
//!
//! - A change to a file sets its ctime, which no tool can set back, and a file added or
//!   removed changes its folder's: a source changed since the stamped build's walk has
//!   another `stat`.
//! - The walk need not come before the reading. Before anything is read, a file is
//!   written ([`Clock`]): its mtime is the file system's own clock. Any source whose mtime
//!   or ctime is not older than it may have changed while the build read it, or may
//!   change again within the same timestamp tick and keep its `stat`: the build then
//!   leaves no stamp and the next one is full (git's rule for "racily clean" entries).
//! - The swap sets the output folder's ctime after every file in it was written. The
//!   next build looks up every entry the build wrote (by path: a third of the calls a walk
//!   makes) and finds the same folder (inode, ctime: a file added or removed in it changes
//!   it) with no entry changed after the swap: a file edited, added or deleted in
//!   `public/`, or no `public/` at all, means a full build.
//! - A symbolic link to a folder (whose files the walk would not see) leaves no stamp.
//!
//! What it trusts: that the file system's clock does not step backwards between builds.
//! A stamp is an optimisation, never needed: it is removed before a full build starts,
//! written last, and anything unreadable in it means a full build. Deleting
//! `.herald-cache/` or `herald build --force` builds fully.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::content::{HeldBack, Window};
use crate::diagnostic::{Diagnostic, Severity};
use crate::media_kit::derive::{CACHE_DIR, make_cache_dir};
use crate::{BuildOptions, BuildReport};

/// The stamp, in `.herald-cache/`.
const STAMP: &str = "last-build.json";
/// Written before a build reads anything: its mtime is the file system's clock.
const CLOCK: &str = "last-build.clock";
/// Bumped when what a stamp means changes, so an older herald's stamp is not trusted.
const FORMAT: u32 = 1;
/// What a build reads, relative to the site root; nothing outside them is read.
const SOURCES: [&str; 6] = [
    "herald.yaml",
    "content",
    "i18n",
    "templates",
    "static",
    "themes",
];

/// The file system's clock, read before the build reads anything: a source whose
/// ctime is not older than it may have changed while the build read it.
pub(crate) struct Clock(Option<(i64, i64)>);

impl Clock {
    /// Write the clock file of the site at `root` and read its mtime.
    pub(crate) fn start(root: &Path) -> Clock {
        let read = || {
            let cache = root.join(CACHE_DIR);
            make_cache_dir(&cache).ok()?;
            let file = cache.join(CLOCK);
            std::fs::write(&file, b"the time of herald's last build\n").ok()?;
            Some(Stat::of(&std::fs::metadata(&file).ok()?)?.mtime)
        };
        Clock(read())
    }
}

/// The `stat` of every file and folder of the site's sources, as one digest; None when
/// they cannot be stamped: one changed at or after the clock (so maybe while the build
/// read it), a link leads to a folder, or something could not be read.
///
/// The walk may come before, during or after the build's reading: a source changed
/// before the clock is seen by both, one changed after it has a ctime that leaves no
/// stamp.
pub(crate) struct Sources(Option<String>);

impl Sources {
    /// Walk the sources of the site at `root`.
    pub(crate) fn walk(root: &Path, clock: &Clock) -> Sources {
        Sources(clock.0.and_then(|clock| sources_digest(root, clock)))
    }
}

/// The last build's stamp, if it was made by this herald with these options into
/// `out_dir`, and at a time that published what `now` publishes: the sources and the
/// output are still to be compared ([`Stamp::still_holds`]).
pub(crate) fn last(
    root: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
    now: jiff::Timestamp,
) -> Option<Stamp> {
    let bytes = std::fs::read(root.join(CACHE_DIR).join(STAMP)).ok()?;
    let stamp: Stamp = serde_json::from_slice(&bytes).ok()?;
    let window = Window {
        since: parse_time(stamp.since.as_deref())?,
        until: parse_time(stamp.until.as_deref())?,
    };
    let same = stamp.format == FORMAT
        && stamp.herald == herald_identity()?
        && stamp.base_url == opts.base_url
        && stamp.drafts == opts.drafts
        && stamp.out_dir == out_dir.canonicalize().ok()?
        && window.contains(now);
    same.then_some(stamp)
}

impl Stamp {
    /// True if the sources are as they were, and the output folder as the build left it.
    pub(crate) fn still_holds(&self, sources: &Sources, out_dir: &Path) -> bool {
        sources.0.as_ref() == Some(&self.sources) && self.output_unchanged(out_dir)
    }

    /// True if `out_dir` is the folder the build swapped in, unchanged since: its own
    /// ctime the same (a file added or removed changes it), and every entry the build
    /// wrote there, none changed after it (a change sets ctime, which no tool sets
    /// back). Nothing is listed: looking entries up costs a third of a walk's calls.
    fn output_unchanged(&self, out_dir: &Path) -> bool {
        let Ok(dir) = std::fs::File::open(out_dir) else {
            return false;
        };
        let Some(top) = stat_at(&dir, "".as_ref()) else {
            return false;
        };
        if !top.is_dir() || OutputFolder::of(&top) != self.output {
            return false;
        }
        let swapped = top.ctime;
        self.output_entries
            .par_iter()
            .with_min_len(512)
            .all(|rel| stat_at(&dir, rel.as_ref()).is_some_and(|s| s.ctime <= swapped))
    }

    /// What the stamped build reported, printed again.
    pub(crate) fn report(self) -> BuildReport {
        BuildReport {
            pages: self.pages,
            files: self.files,
            warnings: self.warnings.into_iter().map(Diagnostic::from).collect(),
            held_back: self
                .held_back
                .into_iter()
                .map(|(file, reason)| HeldBack { file, reason })
                .collect(),
            up_to_date: true,
        }
    }
}

/// Remove the stamp: a full build is about to change what it describes.
pub(crate) fn forget(root: &Path) {
    let _ = std::fs::remove_file(root.join(CACHE_DIR).join(STAMP));
}

/// Write the stamp of a build that has just swapped its output into `out_dir`, holding
/// `output_entries` ([`output_entries`]); nothing when its sources could not be stamped.
/// Failing to write it only costs the next build its shortcut.
pub(crate) fn record(
    root: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
    sources: &Sources,
    window: Window,
    report: &BuildReport,
    output_entries: Vec<String>,
) {
    let Some(digest) = &sources.0 else {
        return;
    };
    let Ok(dir) = std::fs::File::open(out_dir) else {
        return;
    };
    let (Some(herald), Ok(out_abs), Some(top)) = (
        herald_identity(),
        out_dir.canonicalize(),
        stat_at(&dir, "".as_ref()),
    ) else {
        return;
    };
    let stamp = Stamp {
        format: FORMAT,
        herald,
        base_url: opts.base_url.clone(),
        drafts: opts.drafts,
        out_dir: out_abs,
        sources: digest.clone(),
        output: OutputFolder::of(&top),
        output_entries,
        since: window.since.map(|t| t.to_string()),
        until: window.until.map(|t| t.to_string()),
        pages: report.pages.clone(),
        files: report.files,
        held_back: report
            .held_back
            .iter()
            .map(|h| (h.file.clone(), h.reason.clone()))
            .collect(),
        warnings: report.warnings.iter().map(Warning::from).collect(),
    };
    let Ok(json) = serde_json::to_vec(&stamp) else {
        return;
    };
    let dir = root.join(CACHE_DIR);
    let tmp = dir.join(format!("{STAMP}.tmp-{}", std::process::id()));
    if std::fs::write(&tmp, json).is_err() || std::fs::rename(&tmp, dir.join(STAMP)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// The output folder as the build swapped it in: the swap set its ctime, after every
/// file in it was written.
#[derive(Serialize, Deserialize, PartialEq)]
struct OutputFolder {
    dev: u64,
    ino: u64,
    ctime: (i64, i64),
}

impl OutputFolder {
    fn of(s: &Stat) -> OutputFolder {
        OutputFolder {
            dev: s.dev,
            ino: s.ino,
            ctime: s.ctime,
        }
    }
}

/// What `.herald-cache/last-build.json` holds.
#[derive(Serialize, Deserialize)]
pub(crate) struct Stamp {
    format: u32,
    herald: String,
    base_url: Option<String>,
    drafts: bool,
    out_dir: PathBuf,
    sources: String,
    output: OutputFolder,
    /// Every folder and file under the output folder, `/`-separated.
    output_entries: Vec<String>,
    since: Option<String>,
    until: Option<String>,
    pages: BTreeMap<String, usize>,
    files: usize,
    held_back: Vec<(PathBuf, String)>,
    warnings: Vec<Warning>,
}

/// A warning of the stamped build, printed again when the build is skipped.
#[derive(Serialize, Deserialize)]
struct Warning {
    severity: Severity,
    code: Option<String>,
    message: String,
    file: Option<PathBuf>,
    line: Option<usize>,
    column: Option<usize>,
    source_line: Option<String>,
    hint: Option<String>,
}

impl From<&Diagnostic> for Warning {
    fn from(d: &Diagnostic) -> Warning {
        Warning {
            severity: d.severity,
            code: d.code.map(str::to_string),
            message: d.message.clone(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            source_line: d.source_line.clone(),
            hint: d.hint.clone(),
        }
    }
}

impl From<Warning> for Diagnostic {
    fn from(w: Warning) -> Diagnostic {
        Diagnostic {
            severity: w.severity,
            code: w.code.as_deref().map(intern),
            message: w.message,
            file: w.file,
            line: w.line,
            column: w.column,
            source_line: w.source_line,
            hint: w.hint,
        }
    }
}

/// A rule's code read back from a stamp, as the `&'static str` diagnostics carry: each
/// distinct code is allocated once per process.
fn intern(code: &str) -> &'static str {
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut codes = CODES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(known) = codes.get(code) {
        return known;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

fn parse_time(text: Option<&str>) -> Option<Option<jiff::Timestamp>> {
    match text {
        None => Some(None),
        Some(t) => t.parse().ok().map(Some),
    }
}

/// The running binary, by file identity: a rebuilt or reinstalled herald is another
/// file (or the same one with another mtime), and may render differently.
fn herald_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let s = Stat::of(&std::fs::metadata(exe).ok()?)?;
    Some(format!(
        "{} {}:{}:{}:{}.{}:{}.{}",
        env!("CARGO_PKG_VERSION"),
        s.dev,
        s.ino,
        s.size,
        s.mtime.0,
        s.mtime.1,
        s.ctime.0,
        s.ctime.1
    ))
}

/// One file or folder of a walk: its path and what `stat` says of it.
struct Entry {
    path: Vec<u8>,
    stat: Stat,
}

/// The parts of `stat` that change when a file's content, name or kind does.
#[derive(Clone, Copy)]
struct Stat {
    mode: u32,
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stat {
    #[cfg(unix)]
    fn of(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        Some(Stat {
            mode: m.mode(),
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Without a change time and an inode number, a `stat` cannot tell that a file was
    /// replaced: nothing is stamped.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }

    fn is_dir(&self) -> bool {
        self.mode & 0o170000 == 0o040000
    }

    fn is_link(&self) -> bool {
        self.mode & 0o170000 == 0o120000
    }

    /// A path that is not there: recorded too, so that creating it shows.
    const ABSENT: Stat = Stat {
        mode: 0,
        dev: 0,
        ino: 0,
        size: 0,
        mtime: (0, 0),
        ctime: (0, 0),
    };
}

fn sources_digest(root: &Path, clock: (i64, i64)) -> Option<String> {
    let mut entries = Vec::new();
    for name in SOURCES {
        let path = root.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) => {
                let entry = Entry {
                    path: name.as_bytes().to_vec(),
                    stat: Stat::of(&m)?,
                };
                entries.extend(walk_entry(entry, &path)?);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => entries.push(Entry {
                path: name.as_bytes().to_vec(),
                stat: Stat::ABSENT,
            }),
            Err(_) => return None,
        }
    }
    // Changed at or after the clock: maybe after the build read it, or before, with a
    // later change in the same tick keeping this very `stat`.
    if entries
        .iter()
        .any(|e| e.stat.mtime >= clock || e.stat.ctime >= clock)
    {
        return None;
    }
    Some(digest(entries))
}

/// The folders and files under an output folder whose files are at `paths` (a build
/// leaves nothing else in it), sorted.
pub(crate) fn output_entries<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut entries = BTreeSet::new();
    for path in paths {
        entries.insert(path);
        entries.extend(path.match_indices('/').map(|(i, _)| &path[..i]));
    }
    entries.into_iter().map(str::to_string).collect()
}

/// `stat` of `rel` in the folder `dir` (the folder itself for `""`), links not followed.
#[cfg(unix)]
fn stat_at(dir: &std::fs::File, rel: &std::ffi::OsStr) -> Option<Stat> {
    use rustix::fs::{AtFlags, fstat, statat};
    let st = if rel.is_empty() {
        fstat(dir)
    } else {
        statat(dir, rel, AtFlags::SYMLINK_NOFOLLOW)
    }
    .ok()?;
    #[allow(clippy::unnecessary_cast)] // the field types differ between targets
    Some(Stat {
        mode: st.st_mode as u32,
        dev: st.st_dev as u64,
        ino: st.st_ino as u64,
        size: st.st_size as u64,
        mtime: (st.st_mtime as i64, st.st_mtime_nsec as i64),
        ctime: (st.st_ctime as i64, st.st_ctime_nsec as i64),
    })
}

#[cfg(not(unix))]
fn stat_at(_: &std::fs::File, _: &std::ffi::OsStr) -> Option<Stat> {
    None
}

/// `entry` (at `path`) and, for a folder, everything under it. A folder's entries are
/// looked up in parallel: `content/` has folders of thousands of pages.
fn walk_entry(entry: Entry, path: &Path) -> Option<Vec<Entry>> {
    if entry.stat.is_link() {
        // Links to files are followed (a changed target must show), links to folders
        // refused (the walk would not see their files).
        return match std::fs::metadata(path) {
            Ok(target) if target.is_dir() => None,
            Ok(target) => {
                // The target's `stat` too: editing it changes nothing in the link's.
                let mut followed = entry.path.clone();
                followed.extend_from_slice(b"\0->");
                Some(vec![
                    entry,
                    Entry {
                        path: followed,
                        stat: Stat::of(&target)?,
                    },
                ])
            }
            // Leads nowhere: the build reads nothing through it; the link itself counts.
            Err(_) => Some(vec![entry]),
        };
    }
    if !entry.stat.is_dir() {
        return Some(vec![entry]);
    }
    let names = std::fs::read_dir(path)
        .ok()?
        .map(|child| child.map(|c| c.file_name()))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let dir = std::fs::File::open(path).ok()?;
    let nested: Vec<Vec<Entry>> = names
        .into_par_iter()
        .with_min_len(64)
        .map(|name| {
            let mut child_path = entry.path.clone();
            if !child_path.is_empty() {
                child_path.push(b'/');
            }
            child_path.extend_from_slice(name.as_encoded_bytes());
            let stat = stat_at(&dir, name.as_os_str())?;
            walk_entry(
                Entry {
                    path: child_path,
                    stat,
                },
                &path.join(&name),
            )
        })
        .collect::<Option<_>>()?;
    let mut all: Vec<Entry> = nested.into_iter().flatten().collect();
    all.push(entry);
    Some(all)
}

/// SHA-256 of the entries in path order.
fn digest(mut entries: Vec<Entry>) -> String {
    entries.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let mut hash = Sha256::new();
    for e in &entries {
        hash_entry(&mut hash, &e.path, &e.stat);
    }
    hex(hash)
}

fn hash_entry(hash: &mut Sha256, path: &[u8], s: &Stat) {
    hash.update((path.len() as u64).to_le_bytes());
    hash.update(path);
    hash.update(s.mode.to_le_bytes());
    for n in [s.dev, s.ino, s.size] {
        hash.update(n.to_le_bytes());
    }
    for n in [s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1] {
        hash.update(n.to_le_bytes());
    }
}

fn hex(hash: Sha256) -> String {
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_entries_are_every_file_and_every_folder_above_one() {
        let paths = ["vi/tin-tuc/a/index.html", "index.html", "vi/index.html"];
        assert_eq!(
            output_entries(paths.into_iter()),
            [
                "index.html",
                "vi",
                "vi/index.html",
                "vi/tin-tuc",
                "vi/tin-tuc/a",
                "vi/tin-tuc/a/index.html"
            ]
        );
    }

    #[test]
    fn warnings_come_back_as_they_were_written() {
        let warning = Diagnostic::warning("no `en` version of `@/news/a.md`")
            .code("link-fallback")
            .in_file("content/news/b.en.md")
            .at("See [it](@/news/a.md).", 1, 5)
            .hint("translate it");
        let json = serde_json::to_string(&Warning::from(&warning)).unwrap();
        let back = Diagnostic::from(serde_json::from_str::<Warning>(&json).unwrap());
        assert_eq!(back, warning);
        // A code read back twice is one allocation.
        assert!(std::ptr::eq(
            intern("link-fallback"),
            intern("link-fallback")
        ));
    }
}
