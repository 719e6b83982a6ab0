//! Embeds the default theme into the binary so `herald init` works without the repository.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The default theme: (path under themes/default, bytes).\npub const DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for rel in &files {
        let abs = std::fs::canonicalize(theme.join(rel)).expect("theme file");
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out).join("default_theme.rs"), code).expect("write theme list");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
