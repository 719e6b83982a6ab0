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

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutFile {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A file copied as it is (static files, bundle assets).
    Copy(PathBuf),
}

/// The whole built site, by `/`-separated path relative to the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, OutFile>,
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
        self.files.insert(path.into(), file);
    }

    /// Replace or add every file of `other` (the result of an incremental render).
    pub fn merge(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    /// The file at `path`, if any.
    pub fn get(&self, path: &str) -> Option<&OutFile> {
        self.files.get(path)
    }

    /// Rendered text of `path` (None for copies and missing files).
    pub fn text(&self, path: &str) -> Option<&str> {
        match self.files.get(path)? {
            OutFile::Bytes(b) => std::str::from_utf8(b).ok(),
            OutFile::Copy(_) => None,
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
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::other("the output folder needs a name"))?
            .to_string();
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        if dir.exists() && !dir.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        remove_stale(&parent, &name);

        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir(&tmp)?;
        let result = self
            .write_tree(&tmp)
            .and_then(|()| swap_into_place(&tmp, dir, &parent, &name));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result
    }

    fn write_tree(&self, tmp: &Path) -> io::Result<()> {
        let dirs: BTreeSet<&str> = self
            .files
            .keys()
            .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
            .collect();
        for d in dirs {
            std::fs::create_dir_all(tmp.join(d))?;
        }
        self.files
            .par_iter()
            .try_for_each(|(path, file)| -> io::Result<()> {
                let dest = tmp.join(path);
                match file {
                    OutFile::Bytes(b) => std::fs::write(&dest, b),
                    OutFile::Copy(src) => std::fs::copy(src, &dest).map(|_| ()).map_err(|e| {
                        io::Error::new(e.kind(), format!("copying {}: {e}", src.display()))
                    }),
                }
            })
    }
}

/// Exchange the freshly written `tmp` with `dir`, then delete the old tree.
fn swap_into_place(tmp: &Path, dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !dir.exists() {
        return std::fs::rename(tmp, dir);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, tmp, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            // `tmp` now holds the previous output.
            return std::fs::remove_dir_all(tmp);
        }
    }
    // Elsewhere: two renames; the window between them is as short as it can be.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old)?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(e);
    }
    std::fs::remove_dir_all(&old)
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
        b.write_to(&out_dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(out_dir.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out_dir.join("old").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn add_keeps_the_first_file_for_a_path() {
        let mut o = Output::default();
        assert!(o.add("a", OutFile::Bytes(b"1".to_vec())));
        assert!(!o.add("a", OutFile::Bytes(b"2".to_vec())));
        assert_eq!(o.text("a"), Some("1"));
    }
}
