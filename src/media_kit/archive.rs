//! Zips that are the same bytes for the same kit: sorted entries, one fixed timestamp
//! (the kit's date, never the build's), fixed permissions, and a `SHA256SUMS` listing
//! every other entry so journalists (and their editors' systems) can check what they got.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file to put in a zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the zip's top folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// The name of the checksum file inside each zip.
pub const SUMS: &str = "SHA256SUMS";

/// `SHA256SUMS` in the format of `sha256sum` (`<hex>  <path>`), sorted by path.
pub fn sums(entries: &[Entry]) -> String {
    let mut lines: Vec<(&str, String)> = entries
        .iter()
        .map(|e| (e.path.as_str(), super::sha256_hex(&e.bytes)))
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(path, hex)| format!("{hex}  {path}\n"))
        .collect()
}

/// A zip of `entries` under the folder `top/`, plus `top/SHA256SUMS`, dated `date`.
///
/// Already-compressed files (JPEG, PNG, WebP, PDF, zips) are stored: deflating them again
/// costs time and saves nothing. Everything else is deflated.
pub fn zip(
    top: &str,
    entries: &[Entry],
    date: Option<jiff::civil::Date>,
) -> Result<Vec<u8>, String> {
    let mut all: Vec<Entry> = entries.to_vec();
    all.push(Entry {
        path: SUMS.into(),
        bytes: std::sync::Arc::new(sums(entries).into_bytes()),
    });
    all.sort_by(|a, b| a.path.cmp(&b.path));
    let time = date
        .and_then(|d| {
            DateTime::from_date_and_time(
                u16::try_from(d.year()).ok()?,
                u8::try_from(d.month()).ok()?,
                u8::try_from(d.day()).ok()?,
                0,
                0,
                0,
            )
            .ok()
        })
        .unwrap_or_default();
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in &all {
        let method = if is_compressed(&entry.path) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(time)
            .unix_permissions(0o644)
            .large_file(entry.bytes.len() as u64 >= u64::from(u32::MAX));
        writer
            .start_file(format!("{top}/{}", entry.path), options)
            .map_err(|e| e.to_string())?;
        writer.write_all(&entry.bytes).map_err(|e| e.to_string())?;
    }
    let cursor = writer.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

fn is_compressed(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("jpg" | "jpeg" | "png" | "webp" | "pdf" | "zip" | "mp4" | "mp3" | "docx" | "xlsx")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::Arc;

    fn entries() -> Vec<Entry> {
        vec![
            Entry {
                path: "b.txt".into(),
                bytes: Arc::new(b"second".to_vec()),
            },
            Entry {
                path: "a/photo.jpg".into(),
                bytes: Arc::new(vec![0xff, 0xd8, 1, 2, 3]),
            },
        ]
    }

    #[test]
    fn zips_are_reproducible_sorted_and_checksummed() {
        let date = Some(jiff::civil::date(2021, 3, 15));
        let a = zip("kit-vi", &entries(), date).unwrap();
        let mut reversed = entries();
        reversed.reverse();
        let b = zip("kit-vi", &reversed, date).unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            ["kit-vi/SHA256SUMS", "kit-vi/a/photo.jpg", "kit-vi/b.txt"]
        );
        let mut sums = String::new();
        archive
            .by_name("kit-vi/SHA256SUMS")
            .unwrap()
            .read_to_string(&mut sums)
            .unwrap();
        assert!(
            sums.contains("  a/photo.jpg\n") && sums.contains("  b.txt\n"),
            "{sums}"
        );
        let entry = archive.by_name("kit-vi/a/photo.jpg").unwrap();
        assert_eq!(entry.compression(), CompressionMethod::Stored);
        let t = entry.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2021, 3, 15));
    }
}
