//! The floor for the build benchmark: read every page, parse its YAML front matter and
//! Markdown, write one HTML file each, in parallel, with nothing else (no templates, no
//! translations, no lists). `scripts/bench.sh` runs it beside `herald build` on the same
//! site so the ratio between them is measured in one run.
//!
//! usage: cargo run --release --example floor -- SITE_DIR OUT_DIR [--folders]
//!
//! With `--folders` each page is written as `<n>/index.html`, the layout of herald's pretty
//! URLs (`/vi/di-san/ly-son/`): on ext4 a new folder costs far more than a new file (the
//! allocator spreads folders over the disk), which is most of a cold build's system time.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (site, out) = match (args.get(1), args.get(2)) {
        (Some(s), Some(o)) => (PathBuf::from(s), PathBuf::from(o)),
        _ => {
            eprintln!("usage: floor SITE_DIR OUT_DIR");
            std::process::exit(2);
        }
    };
    let folders = args.iter().any(|a| a == "--folders");
    let started = std::time::Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    // The folder is reused, not deleted and recreated: ext4 makes recreating thousands of
    // inodes slow, and herald itself rewrites its spare folder in place (src/output.rs),
    // so the floor pays for writing the bytes, as herald does, and nothing more.
    std::fs::create_dir_all(&out).expect("create output");
    let written: usize = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            if folders {
                let dir = out.join(i.to_string());
                let _ = std::fs::create_dir_all(&dir);
                page(path, &dir.join("index.html"))
            } else {
                page(path, &out.join(format!("{i}.html")))
            }
        })
        .sum();
    println!(
        "floor: {written} pages read, parsed and written in {:.2}s",
        started.elapsed().as_secs_f64()
    );
}

fn page(path: &Path, dest: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let Some(rest) = text.strip_prefix("---\n") else {
        return 0;
    };
    let Some(end) = rest.find("\n---\n") else {
        return 0;
    };
    let front: serde_json::Map<String, serde_json::Value> =
        serde_saphyr::from_str(&rest[..end]).unwrap_or_default();
    let mut html = String::with_capacity(text.len() * 2);
    html.push_str("<!DOCTYPE html><title>");
    html.push_str(front.get("title").and_then(|t| t.as_str()).unwrap_or(""));
    html.push_str("</title>");
    let parser = pulldown_cmark::Parser::new_ext(&rest[end + 5..], pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    usize::from(std::fs::write(dest, html).is_ok())
}
