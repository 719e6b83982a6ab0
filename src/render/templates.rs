//! Loading Tera templates (site over theme) and the functions templates may call.
//!
//! Templates are loaded once per build and shared by every rendering thread. The
//! functions close over the shared [`I18n`] and static-file table, and read the page's
//! language from the render context (`lang`), so the same template renders every language.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use sha2::{Digest, Sha256};
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, relative};
use crate::i18n::{Arg, I18n};

/// The templates of the site, ready to render.
pub struct Templates {
    /// The Tera instance with every template and herald's functions (shared with
    /// `include_cached`, which renders templates from inside a render).
    pub tera: Arc<Tera>,
    /// Template name -> file it came from (for error positions).
    pub files: BTreeMap<String, PathBuf>,
    /// Template name -> its text, so `check` can find `t()` calls without reading again.
    pub sources: BTreeMap<String, String>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("files", &self.files)
            .finish()
    }
}

/// Template files of a folder, by name relative to it (`partials/header.html`). A symlink
/// is read only when it leads to a file inside the site; others are reported, not skipped
/// silently (the theme's template of that name would be used without a word).
fn template_files(
    dir: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let root_canon = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if entry.file_type().is_symlink() {
            if crate::content::symlink_escapes(&root_canon, path) {
                diagnostics.push(crate::content::symlink_refused(
                    &config.root,
                    path,
                    "copy the template into the site instead of linking to it",
                ));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if !path
            .extension()
            .is_some_and(|x| x == "html" || x == "xml" || x == "txt")
        {
            continue;
        }
        if let Ok(rel) = path.strip_prefix(dir) {
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((name.join("/"), path.to_path_buf()));
        }
    }
    out
}

impl Templates {
    /// Load the theme's templates, then the site's `templates/` over them.
    pub fn load(
        config: &Config,
        i18n: Arc<I18n>,
        static_files: Arc<BTreeMap<String, PathBuf>>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
        let theme_dir = config
            .root
            .join("themes")
            .join(&config.theme)
            .join("templates");
        let mut diagnostics = Vec::new();
        for (name, path) in template_files(&theme_dir, config, &mut diagnostics)
            .into_iter()
            .chain(template_files(
                &config.root.join("templates"),
                config,
                &mut diagnostics,
            ))
        {
            files.insert(name, path);
        }
        let mut sources: Vec<(String, String)> = Vec::new();
        for (name, path) in &files {
            match std::fs::read_to_string(path) {
                Ok(text) => sources.push((name.clone(), text.replace("\r\n", "\n"))),
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("cannot read template: {e}"))
                        .code("io")
                        .in_file(relative(&config.root, path))
                        .hint("save the template as UTF-8"),
                ),
            }
        }
        for required in ["home.html", "section.html", "page.html", "404.html"] {
            if !files.contains_key(required) {
                diagnostics.push(
                    Diagnostic::error(format!("template `{required}` is missing"))
                        .code("template")
                        .in_file(relative(&config.root, &theme_dir))
                        .hint(format!(
                            "add {required} to the theme's templates/ or the site's templates/"
                        )),
                );
            }
        }
        if config.root_language.is_none() && !files.contains_key("root.html") {
            diagnostics.push(
                Diagnostic::error("template `root.html` is missing").code("template")
                    .in_file(relative(&config.root, &theme_dir))
                    .hint("add root.html (the language chooser at /), or set root_language in herald.yaml"),
            );
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        register_functions(&mut tera, config, i18n, static_files);
        let cached = Arc::new(IncludeCached::default());
        let function = Arc::clone(&cached);
        tera.register_function("include_cached", move |kwargs: Kwargs, _: &State| {
            function.call(&kwargs)
        });
        // Tera stops at the first broken template: add them one by one to report all, then
        // together so inheritance resolves.
        for (name, text) in &sources {
            let mut probe = Tera::new();
            register_functions_stub(&mut probe);
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diagnostics.push(tera_diagnostic(&e, &files, config, None));
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let kept: BTreeMap<String, String> = sources.iter().cloned().collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(vec![tera_diagnostic(&e, &files, config, None)]);
        }
        let tera = Arc::new(tera);
        // A weak reference: the function lives inside the Tera it renders with.
        let _ = cached.tera.set(Arc::downgrade(&tera));
        Ok(Templates {
            tera,
            files,
            sources: kept,
        })
    }
}

/// Probe instances must know herald's function names, or templates using them fail to load.
fn register_functions_stub(tera: &mut Tera) {
    for name in ["t", "url", "asset", "include_cached"] {
        tera.register_function(name, |_: Kwargs, _: &State| String::new());
    }
    tera.register_filter("number", |v: f64, _: Kwargs, _: &State| v.to_string());
}

/// `include_cached(template="partials/footer.html", lang=lang, menu=menu)`: the template
/// rendered with the other arguments as its whole context (`template_name` added), once
/// per build for each distinct set of argument values, like Hugo's `partialCached`.
///
/// The site-wide chrome (a footer, a menu) is the same on thousands of pages but was
/// rendered on each: the default theme's footer alone was 5% of a cold build's
/// instructions. The result cannot be stale, because the template sees nothing but its
/// arguments (and `t()`, `url()`, `asset()`, which depend only on them and on files read
/// once per build), and the arguments are the cache key: values with their types, so
/// `1` and `1.0`, or a safe and an escaped string, are different keys.
#[derive(Default)]
struct IncludeCached {
    tera: OnceLock<Weak<Tera>>,
    made: Mutex<HashMap<(String, Vec<u8>), Value>>,
}

impl IncludeCached {
    fn call(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        let template: String = kwargs.must_get::<String>("template")?;
        let mut context = tera::Context::new();
        let mut key = Vec::new();
        for (name, value) in kwargs.iter() {
            if name.as_str() == Some("template") {
                continue;
            }
            let name = name.to_string();
            bytes_key(&mut key, b'n', name.as_bytes());
            encode_key(&mut key, value);
            context.insert_value(name, value.clone());
        }
        let cache_key = (template, key);
        if let Some(made) = self
            .made
            .lock()
            .ok()
            .and_then(|m| m.get(&cache_key).cloned())
        {
            return Ok(made);
        }
        let template = &cache_key.0;
        let Some(tera) = self.tera.get().and_then(Weak::upgrade) else {
            return Err(tera::Error::message(
                "include_cached: the templates are not loaded yet",
            ));
        };
        if context.get("template_name").is_none() {
            context.insert("template_name", template);
        }
        // A template that asks for itself, directly or through others, would recurse until
        // the stack overflowed: Tera checks its own includes for that, not functions.
        thread_local! {
            static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let depth = DEPTH.get();
        if depth >= MAX_DEPTH {
            return Err(tera::Error::message(format!(
                "include_cached(template=\"{template}\") nested {MAX_DEPTH} deep: a template \
                 asks for itself through include_cached"
            )));
        }
        DEPTH.set(depth + 1);
        let rendered = tera.render(template, &context);
        DEPTH.set(depth);
        let html = rendered.map_err(|e| {
            // The inner error's own place, in words: the diagnostic points at the call.
            let inner = match e.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    let span = r.span();
                    format!(
                        "{} (at {}:{}:{})",
                        r.message(),
                        r.filename(),
                        span.start_line,
                        span.start_col + 1
                    )
                }
                _ => with_sources(&e),
            };
            tera::Error::message(format!(
                "include_cached(template=\"{template}\"): {inner}; the template sees only \
                 the arguments given to include_cached"
            ))
        })?;
        let made = Value::safe_string(&html);
        if let Ok(mut m) = self.made.lock() {
            m.insert(cache_key, made.clone());
        }
        Ok(made)
    }
}

/// How deep `include_cached` calls may nest (the default theme nests none).
const MAX_DEPTH: usize = 16;

/// Append `tag`, the length of `b` and `b` to a cache key.
fn bytes_key(out: &mut Vec<u8>, tag: u8, b: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(b.len() as u64).to_le_bytes());
    out.extend_from_slice(b);
}

/// Append `value` to a cache key: a tag for its type, then its content, lengths first, so
/// that no two different values (or sequences of them) give the same bytes.
fn encode_key(out: &mut Vec<u8>, value: &Value) {
    let bytes = bytes_key;
    if let Some(s) = value.as_str() {
        bytes(out, if value.is_safe() { b'S' } else { b's' }, s.as_bytes());
    } else if let Some(map) = value.as_map() {
        bytes(out, b'm', &[]);
        out.extend_from_slice(&(map.len() as u64).to_le_bytes());
        for (k, v) in map {
            match k.as_str() {
                Some(k) => bytes(out, b'k', k.as_bytes()),
                None => bytes(out, b'K', k.to_string().as_bytes()),
            }
            encode_key(out, v);
        }
    } else if let Some(items) = value.as_array() {
        bytes(out, b'a', &[]);
        out.extend_from_slice(&(items.len() as u64).to_le_bytes());
        for v in items {
            encode_key(out, v);
        }
    } else if let Some(b) = value.as_bytes() {
        bytes(out, b'b', b);
    } else if let Some(b) = value.as_bool() {
        // Without printing it: a menu's items each have one (`active`).
        bytes(out, b'B', &[u8::from(b)]);
    } else {
        // Numbers, none, undefined: the type's name (`u64`, `f64`, ...) and how
        // the value prints.
        bytes(out, b'v', value.name().as_bytes());
        bytes(out, b'=', value.to_string().as_bytes());
    }
}

fn register_functions(
    tera: &mut Tera,
    config: &Config,
    i18n: Arc<I18n>,
    static_files: Arc<BTreeMap<String, PathBuf>>,
) {
    let fluent = Arc::clone(&i18n);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: &str = kwargs.must_get::<&str>("key")?;
            // As values, not Strings: tera makes a String through `format!`.
            let lang = state.get::<tera::Value>("lang")?;
            let lang = lang.as_ref().and_then(|l| l.as_str()).unwrap_or_default();
            let used_by = || {
                state
                    .get::<tera::Value>("template_name")
                    .ok()
                    .flatten()
                    .and_then(|t| t.as_str().map(str::to_string))
                    .unwrap_or_else(|| "a template".into())
            };
            let mut args = Vec::new();
            for (name, value) in kwargs.iter() {
                if name.as_str() == Some("key") {
                    continue;
                }
                let name = name.to_string();
                let arg = if value.is_number() {
                    Arg::Num(value.as_f64().unwrap_or_default())
                } else if let Some(s) = value.as_str() {
                    Arg::Str(s.to_string())
                } else {
                    Arg::Str(value.to_string())
                };
                args.push((name, arg));
            }
            Ok(fluent.format_for(lang, key, &args, used_by))
        },
    );

    let base = config.clone();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get::<String>("path")?;
            Ok(base.url(&path))
        },
    );

    let base = config.clone();
    let hashes: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get::<String>("path")?;
            let clean = path.trim_start_matches('/').to_string();
            let Some(source) = static_files.get(&clean) else {
                return Err(tera::Error::message(format!(
                    "asset(path=\"{path}\"): no such file in static/ or the theme's static/"
                )));
            };
            let cached = hashes.lock().ok().and_then(|h| h.get(&clean).cloned());
            let hash = match cached {
                Some(h) => h,
                None => {
                    let bytes = std::fs::read(source).map_err(|e| {
                        tera::Error::message(format!("asset(path=\"{path}\"): cannot read: {e}"))
                    })?;
                    let digest = Sha256::digest(&bytes);
                    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
                    if let Ok(mut h) = hashes.lock() {
                        h.insert(clean.clone(), hex.clone());
                    }
                    hex
                }
            };
            Ok(format!("{}?v={hash}", base.url(&clean)))
        },
    );

    let numbers = Arc::clone(&i18n);
    tera.register_filter(
        "number",
        move |value: f64, _: Kwargs, state: &State| -> TeraResult<String> {
            let lang: String = state.get::<String>("lang")?.unwrap_or_default();
            Ok(numbers.format_number(&lang, value))
        },
    );
}

/// A Tera error as a diagnostic on the template file; `rendering` names the page being rendered.
pub fn tera_diagnostic(
    e: &tera::Error,
    files: &BTreeMap<String, PathBuf>,
    config: &Config,
    rendering: Option<&str>,
) -> Diagnostic {
    let suffix = rendering
        .map(|r| format!(" (while rendering {r})"))
        .unwrap_or_default();
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = files
                .get(report.filename())
                .map(|p| relative(&config.root, p))
                .unwrap_or_else(|| PathBuf::from(report.filename()));
            let span = report.span();
            let source = files
                .get(report.filename())
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            Diagnostic::error(format!("{}{suffix}", report.message())).code("template")
                .in_file(file)
                .at(&source, span.start_line, span.start_col + 1)
                .hint("fix the template; Tera 2 syntax is documented at https://keats.github.io/tera/")
        }
        _ => Diagnostic::error(format!("template error: {}{suffix}", with_sources(e)))
            .code("template")
            .hint("check the template named in the message"),
    }
}

/// A Tera error's message followed by those of the errors that caused it (`a: b: c`).
fn with_sources(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_tell_apart_every_value_a_template_can() {
        let map = |pairs: &[(&str, Value)]| {
            let mut m = tera::Map::new();
            for (k, v) in pairs {
                m.insert((*k).to_string().into(), v.clone());
            }
            Value::from(m)
        };
        let s = |x: &str| Value::from(x);
        let values = [
            s(""),
            s("a"),
            Value::safe_string("a"),
            s("1"),
            s("true"),
            Value::from(1u64),
            Value::from(1i64),
            Value::from(1.0f64),
            Value::from(2u64),
            Value::from(true),
            Value::from(false),
            Value::none(),
            Value::undefined(),
            Value::from(vec![s("ab")]),
            Value::from(vec![s("a"), s("b")]),
            Value::from(vec![Value::from(vec![s("a")]), s("b")]),
            Value::from(Vec::<Value>::new()),
            map(&[("a", s("b"))]),
            map(&[("a", s("b")), ("c", s("d"))]),
            map(&[("ab", s(""))]),
            map(&[]),
        ];
        let keys: Vec<Vec<u8>> = values
            .iter()
            .map(|v| {
                let mut k = Vec::new();
                encode_key(&mut k, v);
                k
            })
            .collect();
        for i in 0..keys.len() {
            for j in 0..i {
                assert_ne!(keys[i], keys[j], "{:?} and {:?}", values[i], values[j]);
            }
        }
        // Two arguments never read as one: ("a", "bc") is not ("ab", "c").
        let pair = |a: &str, b: &str| {
            let mut k = Vec::new();
            encode_key(&mut k, &s(a));
            encode_key(&mut k, &s(b));
            k
        };
        assert_ne!(pair("a", "bc"), pair("ab", "c"));
    }
}
