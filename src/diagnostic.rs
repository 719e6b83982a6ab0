//! The one error type users see: what went wrong, where (file, line, column) and what to do.
//!
//! Every stage collects diagnostics instead of stopping at the first one, so a build or a
//! check reports everything wrong with a site in one run. The library never prints; the
//! CLI renders diagnostics with annotate-snippets so they read like rustc's.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// How serious a diagnostic is: errors fail a build, warnings are printed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the reader would notice; the build still succeeds.
    Warning,
    /// The site cannot be published like this.
    Error,
}

/// A problem found in a site's files, with its position and a hint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name of the rule or stage that found it (`link-broken`), for
    /// scripts and for silencing by rule; None for one-off failures such as I/O errors.
    pub code: Option<&'static str>,
    /// One sentence: what is wrong.
    pub message: String,
    /// The file, relative to the site root when it is inside it.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `file`.
    pub column: Option<usize>,
    /// The text of `line`, so the CLI can show it without reading the file again.
    pub source_line: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with only a message.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            source_line: None,
            hint: None,
        }
    }

    /// A warning with only a message.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A diagnostic of the given severity with a stable code: what rules build.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: Some(code),
            ..Diagnostic::error(message)
        }
    }

    /// Attach the stable code of the rule that found the problem.
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Change the severity (a rule may downgrade what a parse boundary reports).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Attach the file the problem is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attach a 1-based line and column, and the text of that line taken from `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Attach the position of byte `offset` in `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(source, line, column)
    }

    /// Attach a hint: what the user should do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors (which fail a build).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` as far as it is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        })
    }

    /// Render like rustc: title, `--> file:line:col`, the line, a caret and the hint.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.as_ref().map(|p| p.display().to_string());
        let mut title = level.primary_title(self.message.as_str());
        if let Some(code) = self.code {
            title = title.id(code);
        }
        let group = match (&path, self.line, &self.source_line) {
            (Some(path), Some(line), Some(text)) => {
                let col = self.column.unwrap_or(1);
                let start = text
                    .char_indices()
                    .nth(col - 1)
                    .map(|(i, _)| i)
                    .unwrap_or(text.len());
                let end = text[start..]
                    .chars()
                    .next()
                    .map(|c| start + c.len_utf8())
                    .unwrap_or(start);
                let mut snippet = Snippet::source(text.as_str())
                    .line_start(line)
                    .path(path.as_str());
                snippet = snippet.annotation(AnnotationKind::Primary.span(start..end));
                title.element(snippet)
            }
            (Some(path), line, _) => {
                let mut origin = Origin::path(path.as_str());
                if let Some(line) = line {
                    origin = origin.line(line);
                }
                if let Some(col) = self.column {
                    origin = origin.char_column(col);
                }
                title.element(origin)
            }
            _ => Group::with_title(title),
        };
        let group = match &self.hint {
            Some(hint) => group.element(Level::HELP.message(hint.as_str())),
            None => group,
        };
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        if let Some(code) = self.code {
            write!(f, "[{code}] ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let offset = (0..=offset)
        .rev()
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(0);
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest of `candidates` to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `path` relative to `root` when it lies inside it, for shorter messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A collection of diagnostics: the result of a stage that can partly fail.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Add one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Sort by file, line and column so output is the same on every run.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "title: Quảng\nslug: x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, src.find('x').unwrap()), (2, 7));
        assert_eq!(line_col(src, src.find('g').unwrap()), (1, 12));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let fields = ["title", "date", "summary"];
        assert_eq!(did_you_mean("titel", &fields), Some("title"));
        assert_eq!(did_you_mean("sumary", &fields), Some("summary"));
        assert_eq!(did_you_mean("zzz", &fields), None);
    }

    #[test]
    fn render_shows_location_line_and_hint() {
        let d = Diagnostic::error("unknown field `titel`")
            .in_file("content/a.vi.md")
            .at("---\ntitel: x\n---\n", 2, 1)
            .hint("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("content/a.vi.md:2:1"), "{out}");
        assert!(out.contains("titel: x"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
    }

    #[test]
    fn render_names_the_code_like_rustc() {
        let d = Diagnostic::new(Severity::Warning, "translation-stale", "stale")
            .in_file("content/a.en.md")
            .at("---\ntitle: A\n", 2, 1);
        let out = d.render(false);
        assert!(
            out.starts_with("warning[translation-stale]: stale"),
            "{out}"
        );
        assert!(d.to_string().contains("[translation-stale] stale"));
    }
}
