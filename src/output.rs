//! The built site in memory, and writing it so that `public/` is never half-written.
//!
//! The whole site is rendered into an [`Output`] before anything touches the disk. Writing
//! goes to a temporary folder beside the output folder (same file system), which is then
//! exchanged with the old output in one `renameat2(RENAME_EXCHANGE)` on Linux, so readers
//! and web servers see either the old site or the new one. A build killed at any point
//! leaves the previous output as it was; the next build removes the stale temporary folder.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::links::HtmlScan;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutFile {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied as it is (static files, bundle assets).
    Copy(PathBuf),
    /// A page already written into the spare folder, at this path, while rendering
    /// ([`Spare::put`]): `build` streams pages to disk so it never holds every page's HTML.
    Written(PathBuf),
}

impl OutFile {
    /// The file as a copy of where its bytes now are, for a second path with the same
    /// content (the root 404, a mirrored language); None for rendered bytes.
    pub fn source(&self) -> Option<&Path> {
        match self {
            OutFile::Bytes(_) => None,
            OutFile::Copy(p) | OutFile::Written(p) => Some(p),
        }
    }

    /// The bytes, read from disk for copies and written pages.
    pub fn read(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            OutFile::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
            OutFile::Copy(p) | OutFile::Written(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// The spare output folder a build writes into before swapping it with the output folder.
///
/// The spare is the output of the build before last, kept rather than deleted (see
/// [`Output::write_to`]). A streaming render ([`crate::render::render_into`]) writes each
/// page into it as soon as the page is rendered; [`Output::write_into`] then writes the
/// rest, removes what the new site no longer has, and swaps.
#[derive(Debug)]
pub struct Spare {
    dir: PathBuf,
    target: PathBuf,
    parent: PathBuf,
    name: String,
    /// Made by this build (a first build, or the one after it: the swap leaves no spare
    /// behind the first time). Everything in it is then what this build put there, so
    /// nothing is compared, looked for or listed: a cold build of 10,000 pages made three
    /// failed `stat`s per page and listed the 24,000 entries it had just written (on
    /// tmpfs, 0.25 of its 0.85 s of system time).
    fresh: bool,
}

impl Spare {
    /// Make the spare folder for the output folder `dir` ready (removing what killed builds
    /// left behind).
    pub fn prepare(dir: &Path) -> io::Result<Spare> {
        let (parent, name) = parent_and_name(dir)?;
        std::fs::create_dir_all(&parent)?;
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        remove_stale(&parent, &name);
        let spare = parent.join(format!(".{name}.spare"));
        if spare.is_symlink() || (spare.exists() && !spare.is_dir()) {
            std::fs::remove_file(&spare)?;
        }
        // A spare a killed or failed build left is not fresh: it may hold anything.
        let fresh = std::fs::create_dir(&spare).is_ok();
        std::fs::create_dir_all(&spare)?;
        Ok(Spare {
            dir: spare,
            target: dir.to_path_buf(),
            parent,
            name,
            fresh,
        })
    }

    /// Write `bytes` at `rel` in the spare unless it already holds them (a fresh spare is
    /// not looked at); returns the path. Whatever stands in the way (a file where a folder
    /// goes, a folder where the file goes: leftovers of an older site) is removed.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        // Output paths are made from checked slugs; this keeps it so whatever calls it.
        if rel.is_empty()
            || rel.starts_with('/')
            || rel
                .split(['/', '\\'])
                .any(|part| part == ".." || part == ".")
        {
            return Err(io::Error::other(format!(
                "`{rel}` is not a path inside the output"
            )));
        }
        let dest = self.dir.join(rel);
        if self.fresh {
            if let Some(folder) = dest.parent() {
                std::fs::create_dir_all(folder)?;
            }
            std::fs::write(&dest, bytes)?;
            return Ok(dest);
        }
        if same_content(&dest, bytes) {
            return Ok(dest);
        }
        if let Some(folder) = dest.parent()
            && !folder.is_dir()
            && std::fs::create_dir_all(folder).is_err()
        {
            // A file of an older site where a folder now goes, somewhere above.
            let mut at = folder;
            while at != self.dir {
                if at.is_file() || at.is_symlink() {
                    std::fs::remove_file(at)?;
                    break;
                }
                at = at.parent().unwrap_or(&self.dir);
            }
            std::fs::create_dir_all(folder)?;
        }
        if dest.is_dir() && !dest.is_symlink() {
            std::fs::remove_dir_all(&dest)?;
        }
        std::fs::write(&dest, bytes)?;
        Ok(dest)
    }
}

/// The folder the output folder `dir` is in, and its name: the spare folder and the lock
/// go beside it, named after it.
fn parent_and_name(dir: &Path) -> io::Result<(PathBuf, String)> {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("the output folder needs a name"))?
        .to_string();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// The lock a build of an output folder holds from its first look at the output to its
/// end (`.NAME.lock` beside it, never removed: removing a lock file races with its next
/// taker). Two builds at once, a cron job's and a person's, would write into the same
/// spare folder: once the first swapped it in, the second's pages would land in the
/// served output until its own swap. The kernel releases the lock when the process ends,
/// killed or not.
#[derive(Debug)]
pub struct BuildLock {
    _file: std::fs::File,
}

impl BuildLock {
    /// Take the lock of the output folder `dir`, calling `waiting` first if another
    /// build holds it. A file system without locks builds unlocked, as before locks.
    pub fn take(dir: &Path, waiting: impl FnOnce()) -> io::Result<BuildLock> {
        let (parent, name) = parent_and_name(dir)?;
        std::fs::create_dir_all(&parent)?;
        let file = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.lock")))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(BuildLock { _file: file })
    }
}

/// The whole built site, by `/`-separated path relative to the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, OutFile>,
    /// What the link check needs of each page, scanned while its HTML was at hand: a
    /// streamed page is not read back from disk to be checked.
    scans: BTreeMap<String, HtmlScan>,
}

impl Output {
    /// Add a file; returns false (and keeps the first) if the path is taken.
    pub fn add(&mut self, path: impl Into<String>, file: OutFile) -> bool {
        let path = path.into();
        if self.files.contains_key(&path) {
            return false;
        }
        self.files.insert(path, file);
        true
    }

    /// Add or replace a file.
    pub fn set(&mut self, path: impl Into<String>, file: OutFile) {
        let path = path.into();
        self.scans.remove(&path);
        self.files.insert(path, file);
    }

    /// Add an HTML page with its scan; returns false (and keeps the first) if the path is
    /// taken.
    pub fn add_page(&mut self, path: impl Into<String>, file: OutFile, scan: HtmlScan) -> bool {
        let path = path.into();
        if self.files.contains_key(&path) {
            return false;
        }
        self.scans.insert(path.clone(), scan);
        self.files.insert(path, file);
        true
    }

    /// The scan of the page at `path`, if it was scanned when rendered.
    pub fn scan(&self, path: &str) -> Option<&HtmlScan> {
        self.scans.get(path)
    }

    /// Replace or add every file of `other` (the result of an incremental render).
    pub fn merge(&mut self, other: Output) {
        for path in other.files.keys() {
            self.scans.remove(path);
        }
        self.files.extend(other.files);
        self.scans.extend(other.scans);
    }

    /// The file at `path`, if any.
    pub fn get(&self, path: &str) -> Option<&OutFile> {
        self.files.get(path)
    }

    /// Rendered text of `path` (None for copies and missing files).
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.files.get(path)? {
            OutFile::Bytes(b) => std::str::from_utf8(b).ok(),
            OutFile::Copy(_) | OutFile::Written(_) => None,
        }
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True if there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Write everything to `dir`, replacing its previous content atomically.
    ///
    /// The new site is written into a spare folder beside `dir` (`.NAME.spare`), which is
    /// then exchanged with `dir` in one step. The spare is the output of the build before
    /// last, kept rather than deleted: bringing it up to date writes only the files that
    /// differ, so a rebuild that changes little writes little, and the file system is not
    /// asked to delete and recreate thousands of inodes on every build (which ext4 makes
    /// slow). A build killed while updating the spare leaves `dir` untouched; the next
    /// build compares every file again, so a half-updated spare is repaired.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        self.write_into(&Spare::prepare(dir)?)
    }

    /// Bring `spare` up to date with this output (pages a streaming render wrote are
    /// there already) and swap it with its output folder.
    pub fn write_into(&self, spare: &Spare) -> io::Result<()> {
        if spare.fresh {
            self.fill_fresh(&spare.dir)?;
        } else {
            self.sync_tree(&spare.dir)?;
        }
        swap_into_place(&spare.dir, &spare.target, &spare.parent, &spare.name)
    }

    /// Write what the render did not stream into a spare this build made, which holds
    /// only streamed pages: nothing to remove, compare or list, and only the folders of
    /// the files written here to make (most are pages' folders, made by [`Spare::put`]).
    fn fill_fresh(&self, root: &Path) -> io::Result<()> {
        make_folders_of(
            root,
            self.files
                .iter()
                .filter(|(_, file)| !matches!(file, OutFile::Written(_)))
                .map(|(path, _)| path.as_str()),
        )?;
        self.files
            .par_iter()
            .try_for_each(|(path, file)| match file {
                OutFile::Bytes(b) => std::fs::write(root.join(path), b),
                OutFile::Written(_) => Ok(()),
                OutFile::Copy(src) => std::fs::write(root.join(path), read_copied(src)?),
            })
    }

    /// Make the folder `root` hold exactly this output, writing only what differs.
    fn sync_tree(&self, root: &Path) -> io::Result<()> {
        // What is there now, to delete what the new output no longer has.
        let mut existing = Listing::of(root, "")?;
        existing.dirs.sort_unstable();
        let dirs: BTreeSet<&str> = self
            .files
            .keys()
            .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
            .collect();
        for (rel, path) in &existing.files {
            if !self.files.contains_key(rel) || dirs.contains(rel.as_str()) {
                std::fs::remove_file(path)?;
            }
        }
        // Deepest first (a folder's path is a prefix of its contents', so it sorts
        // before them): a folder is emptied before it is removed.
        let mut kept = BTreeSet::new();
        for (rel, path) in existing.dirs.iter().rev() {
            if dirs.contains(rel.as_str()) {
                kept.insert(rel.as_str());
            } else {
                std::fs::remove_dir_all(path)?;
            }
        }
        // Only the folders the listing did not find are made: no stat per folder.
        for d in dirs.difference(&kept) {
            let path = root.join(d);
            if !path.is_dir() {
                if path.exists() {
                    std::fs::remove_file(&path)?;
                }
                std::fs::create_dir_all(&path)?;
            }
        }
        self.files
            .par_iter()
            .try_for_each(|(path, file)| -> io::Result<()> {
                let dest = root.join(path);
                match file {
                    OutFile::Bytes(b) => {
                        if !same_content(&dest, b) {
                            std::fs::write(&dest, b)?;
                        }
                        Ok(())
                    }
                    // Written by the render into this very place; the removals above
                    // spared it, since it is part of this output.
                    OutFile::Written(_) => Ok(()),
                    OutFile::Copy(src) => {
                        let bytes = read_copied(src)?;
                        if !same_content(&dest, &bytes) {
                            std::fs::write(&dest, &bytes)?;
                        }
                        Ok(())
                    }
                }
            })
    }
}

/// The files (symbolic links included) and folders under a folder, unsorted: each by its
/// `/`-separated path relative to it (names that are not UTF-8 made readable, so they
/// match no output path) and its real path. Folders are read in parallel: the spare of a
/// 10,000-page site holds 24,000 entries, and a serial walk of them was a tenth of a
/// no-change build.
#[derive(Default)]
struct Listing {
    files: Vec<(String, PathBuf)>,
    dirs: Vec<(String, PathBuf)>,
}

impl Listing {
    fn of(dir: &Path, rel: &str) -> io::Result<Listing> {
        // The error names the folder, as the walk this replaced did.
        let named =
            |e: io::Error| io::Error::new(e.kind(), format!("listing {}: {e}", dir.display()));
        let mut here = Listing::default();
        let mut subdirs = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(named)? {
            let entry = entry.map_err(named)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let path = if rel.is_empty() {
                name.into_owned()
            } else {
                format!("{rel}/{name}")
            };
            // Not followed: a link to a folder is removed as a file.
            if entry.file_type().map_err(named)?.is_dir() {
                subdirs.push((path, entry.path()));
            } else {
                here.files.push((path, entry.path()));
            }
        }
        let nested = subdirs
            .par_iter()
            .map(|(sub, path)| Listing::of(path, sub))
            .collect::<io::Result<Vec<_>>>()?;
        for n in nested {
            here.files.extend(n.files);
            here.dirs.extend(n.dirs);
        }
        here.dirs.extend(subdirs);
        Ok(here)
    }
}

/// Make `root` and the folders the files at `paths` (`/`-separated, relative to `root`)
/// go in, each once: files written in parallel then need no folder made or looked for.
pub(crate) fn make_folders_of<'a>(
    root: &Path,
    paths: impl Iterator<Item = &'a str>,
) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    let folders: BTreeSet<&str> = paths
        .filter_map(|path| path.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    folders
        .into_iter()
        .try_for_each(|folder| std::fs::create_dir_all(root.join(folder)))
}

/// The bytes of a file the output copies; the error names it.
fn read_copied(src: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(src)
        .map_err(|e| io::Error::new(e.kind(), format!("copying {}: {e}", src.display())))
}

/// True if the file at `path` holds exactly `bytes` (sizes first, to read rarely).
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Exchange the freshly synced `spare` with `dir`; the previous output becomes the spare.
fn swap_into_place(spare: &Path, dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !dir.exists() {
        return std::fs::rename(spare, dir);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, spare, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // Elsewhere: three renames; the window without `dir` is as short as it can be.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old)?;
    if let Err(e) = std::fs::rename(spare, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(e);
    }
    std::fs::rename(&old, spare)
}

/// Remove temporary folders left by builds that were killed.
fn remove_stale(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        if prefixes.iter().any(|p| n.starts_with(p.as_str()))
            && entry.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file and folder under `dir`, by sorted relative path.
    fn tree(dir: &Path) -> Vec<String> {
        let mut all: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(dir).unwrap();
                rel.to_string_lossy().into_owned()
            })
            .collect();
        all.sort();
        all
    }

    #[test]
    fn write_replaces_previous_output_and_cleans_stale_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        let mut a = Output::default();
        a.add("index.html", OutFile::Bytes(b"one".to_vec()));
        a.add("old/page.html", OutFile::Bytes(b"old".to_vec()));
        a.write_to(&out_dir).unwrap();
        std::fs::create_dir(tmp.path().join(".public.tmp-999999")).unwrap();

        let mut b = Output::default();
        b.add("index.html", OutFile::Bytes(b"two".to_vec()));
        b.add("old", OutFile::Bytes(b"now a file".to_vec()));
        for _ in 0..3 {
            b.write_to(&out_dir).unwrap();
            assert_eq!(
                std::fs::read_to_string(out_dir.join("index.html")).unwrap(),
                "two"
            );
            assert_eq!(
                std::fs::read_to_string(out_dir.join("old")).unwrap(),
                "now a file"
            );
            let files: Vec<_> = walkdir::WalkDir::new(&out_dir)
                .min_depth(1)
                .into_iter()
                .map(|e| e.unwrap().file_name().to_owned())
                .collect();
            assert_eq!(files.len(), 2, "nothing stale in the output: {files:?}");
        }
        let mut leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            vec![
                std::ffi::OsString::from(".public.spare"),
                std::ffi::OsString::from("public")
            ]
        );
    }

    #[test]
    fn a_half_updated_spare_is_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        let mut a = Output::default();
        a.add("a/index.html", OutFile::Bytes(b"A".to_vec()));
        a.write_to(&out_dir).unwrap();
        a.write_to(&out_dir).unwrap();
        // A killed build left junk and a wrong file in the spare.
        let spare = tmp.path().join(".public.spare");
        std::fs::write(spare.join("a/index.html"), b"B").unwrap();
        std::fs::write(spare.join("junk.html"), b"junk").unwrap();
        a.write_to(&out_dir).unwrap();
        assert_eq!(std::fs::read(out_dir.join("a/index.html")).unwrap(), b"A");
        assert!(!out_dir.join("junk.html").exists());
    }

    #[test]
    fn pages_streamed_into_the_spare_are_kept_and_the_rest_is_synced() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        let mut old = Output::default();
        old.add(
            "a",
            OutFile::Bytes(b"a file where a folder will go".to_vec()),
        );
        old.add("b/index.html", OutFile::Bytes(b"gone next time".to_vec()));
        old.write_to(&out_dir).unwrap();
        old.write_to(&out_dir).unwrap(); // the spare now holds the old site too

        let spare = Spare::prepare(&out_dir).unwrap();
        let mut new = Output::default();
        let written = spare.put("a/index.html", b"streamed").unwrap();
        new.add("a/index.html", OutFile::Written(written.clone()));
        new.add("404.html", OutFile::Copy(written));
        new.add("robots.txt", OutFile::Bytes(b"kept in memory".to_vec()));
        // Before the swap the output folder is the old site, whatever was streamed.
        assert_eq!(
            std::fs::read(out_dir.join("b/index.html")).unwrap(),
            b"gone next time"
        );
        new.write_into(&spare).unwrap();
        assert_eq!(
            std::fs::read(out_dir.join("a/index.html")).unwrap(),
            b"streamed"
        );
        assert_eq!(
            std::fs::read(out_dir.join("404.html")).unwrap(),
            b"streamed"
        );
        assert_eq!(
            std::fs::read(out_dir.join("robots.txt")).unwrap(),
            b"kept in memory"
        );
        assert!(!out_dir.join("b").exists());
    }

    #[test]
    fn nested_stale_folders_and_links_go_and_nothing_else_does() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        let mut old = Output::default();
        for path in ["a/b/c/index.html", "a-b/index.html", "x/y/z/index.html"] {
            old.add(path, OutFile::Bytes(path.as_bytes().to_vec()));
        }
        old.write_to(&out_dir).unwrap();
        old.write_to(&out_dir).unwrap();
        // A link in the spare to a folder outside it: removed, never followed.
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), b"keep").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tmp.path().join(".public.spare/link")).unwrap();

        let mut new = Output::default();
        new.add("a/index.html", OutFile::Bytes(b"a".to_vec()));
        new.add("a-b/index.html", OutFile::Bytes(b"a-b/index.html".to_vec()));
        new.write_to(&out_dir).unwrap();
        assert_eq!(
            tree(&out_dir),
            ["a", "a-b", "a-b/index.html", "a/index.html"]
        );
        assert_eq!(std::fs::read(outside.join("keep.txt")).unwrap(), b"keep");
    }

    #[test]
    fn a_new_spare_gets_every_file_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        let spare = Spare::prepare(&out_dir).unwrap();
        assert!(spare.fresh);
        let mut new = Output::default();
        let written = spare.put("en/news/a/index.html", b"page").unwrap();
        new.add("en/news/a/index.html", OutFile::Written(written.clone()));
        new.add("en/news/atom.xml", OutFile::Bytes(b"feed".to_vec()));
        new.add(
            "pagefind/index/en_1.pf_index",
            OutFile::Bytes(b"i".to_vec()),
        );
        new.add("404.html", OutFile::Copy(written));
        new.write_into(&spare).unwrap();
        assert_eq!(
            tree(&out_dir),
            [
                "404.html",
                "en",
                "en/news",
                "en/news/a",
                "en/news/a/index.html",
                "en/news/atom.xml",
                "pagefind",
                "pagefind/index",
                "pagefind/index/en_1.pf_index"
            ]
        );
        assert_eq!(std::fs::read(out_dir.join("404.html")).unwrap(), b"page");
    }

    #[test]
    fn a_spare_a_failed_build_made_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("public");
        // A build made the spare, streamed a page into it and failed before the swap.
        let failed = Spare::prepare(&out_dir).unwrap();
        failed
            .put("gone/index.html", b"from the failed build")
            .unwrap();
        drop(failed);
        let spare = Spare::prepare(&out_dir).unwrap();
        assert!(!spare.fresh);
        let mut new = Output::default();
        new.add("index.html", OutFile::Bytes(b"home".to_vec()));
        new.write_into(&spare).unwrap();
        assert!(!out_dir.join("gone").exists());
        assert_eq!(std::fs::read(out_dir.join("index.html")).unwrap(), b"home");
    }

    #[test]
    fn put_refuses_paths_leaving_the_spare() {
        let tmp = tempfile::tempdir().unwrap();
        let spare = Spare::prepare(&tmp.path().join("public")).unwrap();
        for bad in ["../x.html", "/etc/x", "a/../../x", "a\\..\\..\\x", ""] {
            assert!(spare.put(bad, b"x").is_err(), "{bad}");
        }
        assert!(!tmp.path().join("x.html").exists());
    }

    #[test]
    fn add_keeps_the_first_file_for_a_path() {
        let mut o = Output::default();
        assert!(o.add("a", OutFile::Bytes(b"1".to_vec())));
        assert!(!o.add("a", OutFile::Bytes(b"2".to_vec())));
        assert_eq!(o.text("a"), Some("1"));
    }
}
