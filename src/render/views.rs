//! What templates see: one view struct per kind of output, built from the domain types.
//!
//! The fields here are the template contract documented in `themes/default/TEMPLATES.md`;
//! change both together.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::Images;
use super::markdown::{Rendered, TocEntry};
use super::taxonomy::{TAGS, Taxonomy};
use super::templates::tera_diagnostic;
use crate::Site;
use crate::content::{Page, Section, sort_pages};
use crate::diagnostic::Diagnostic;
use crate::fields::{FieldType, FieldValue, money_scale};
use crate::i18n::Arg;

/// One output to render.
#[derive(Debug, Clone)]
pub enum Job {
    /// A language's home page.
    Home(String),
    /// Page `n` (1-based) of a section's list in a language.
    Section(String, String, usize),
    /// A page by id.
    Page(usize),
    /// A language's 404 page.
    NotFound(String),
    /// The language chooser at `/`.
    Root,
    /// The index of a taxonomy's terms in a language.
    Taxonomy(String, String),
    /// Page `n` (1-based) of a term's list: taxonomy key, language, term id, n.
    Term(String, String, String, usize),
    /// A language's search page (`/LANG/search/`).
    Search(String),
}

/// A link with a title.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Visible text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
}

/// A menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    /// Section title in the page's language.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// The current page is in this section.
    pub active: bool,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationLink {
    /// Language code.
    pub code: String,
    /// Language name in itself.
    pub name: String,
    /// The translation, or the nearest page that exists in that language.
    pub url: String,
    /// This is the language being shown.
    pub current: bool,
    /// The page exists in that language.
    pub translated: bool,
}

/// An `hreflang` alternate.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code or `x-default`.
    pub hreflang: String,
    /// Absolute URL.
    pub href: String,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageCard {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Summary or first paragraph.
    pub summary: String,
    /// `2020-08-15`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Localized date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    /// Image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image text alternative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_alt: Option<String>,
    /// Title of the page's section.
    pub section_title: String,
}

/// `page` in a page's template.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: &'a str,
    content: &'a str,
    tags: &'a [String],
    tag_links: Vec<Link>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    kind: &'a str,
    fields: &'a BTreeMap<String, FieldValue>,
    facts: Vec<serde_json::Value>,
    section: SectionRef<'a>,
    toc: &'a [TocEntry],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_display: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    /// Set (maybe to none) when the page has an image.
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<Option<&'a str>>,
}

/// The section a page is in, as its template sees it.
#[derive(Serialize)]
struct SectionRef<'a> {
    title: String,
    url: String,
    name: &'a str,
}

/// A template's variables, set one by one as tera values: no `serde_json` tree built and
/// converted again for every page.
pub struct View(tera::Context);

impl View {
    /// Set `key` to `value`.
    fn set<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.0.insert_value(key, tera_value(value));
    }
}

/// `value` as a tera value. Views are strings, numbers, lists and maps with string keys
/// (front matter's `extra` included, since YAML is read into JSON values), which always
/// convert; the fallback is for the impossible case and leaves the variable empty.
fn tera_value<T: Serialize + ?Sized>(value: &T) -> tera::Value {
    tera::Value::try_from_serializable(value).unwrap_or_else(|_| tera::Value::none())
}

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    base_url: String,
    base_path: String,
    default_language: String,
    languages: Vec<LanguageView>,
    /// The site has search pages (the theme has `search.html`).
    search: bool,
}

#[derive(Debug, Clone, Serialize)]
struct LanguageView {
    code: String,
    name: String,
    url: String,
}

/// Page ids in list order: of each section in each language, and of each language (home
/// page, feeds). Sorting them walks every page of the site, so they are sorted once per
/// render, and kept between renders by a page edit that keeps its place in every list.
#[derive(Debug, Default)]
pub struct Lists {
    sections: BTreeMap<(String, String), Vec<usize>>,
    by_lang: BTreeMap<String, Vec<usize>>,
}

impl Lists {
    /// Every list of `site`, sorted.
    pub fn build(site: &Site) -> Self {
        let mut lists = Lists::default();
        for lang in &site.config.languages {
            for section in site.content.sections.values() {
                let ids = site
                    .content
                    .section_pages(section, &lang.code)
                    .iter()
                    .map(|p| p.id)
                    .collect();
                lists
                    .sections
                    .insert((section.dir.clone(), lang.code.clone()), ids);
            }
            let mut all: Vec<&Page> = site
                .content
                .pages
                .iter()
                .filter(|p| p.lang == lang.code)
                .collect();
            sort_pages(&mut all);
            lists
                .by_lang
                .insert(lang.code.clone(), all.iter().map(|p| p.id).collect());
        }
        lists
    }

    /// Ids of the pages of section `dir` in `lang`, in list order.
    pub fn section(&self, dir: &str, lang: &str) -> &[usize] {
        self.sections
            .get(&(dir.to_string(), lang.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Ids of the pages in `lang`, in list order.
    pub fn language(&self, lang: &str) -> &[usize] {
        self.by_lang.get(lang).map_or(&[], Vec::as_slice)
    }
}

/// Builds views and renders them; shared by all rendering threads.
pub struct ViewBuilder<'a> {
    site: &'a Site,
    page_md: &'a [Rendered],
    section_md: &'a BTreeMap<(String, String), Rendered>,
    images: &'a Images,
    taxonomies: &'a BTreeMap<String, Taxonomy>,
    kits: &'a BTreeMap<usize, crate::media_kit::KitView>,
    /// Page ids in list order, sorted once for all list pages.
    lists: &'a Lists,
    /// The menu of each language, `active` unset.
    menus: BTreeMap<String, Vec<MenuItem>>,
    /// `site`, the same for every output: built once, shared (tera values are reference
    /// counted).
    site_view: tera::Value,
}

const DESCRIPTION_CHARS: usize = 160;

/// Result counts the search page gets the `search-results` message for: at least one of
/// each plural category for integers in CLDR's rules of the languages herald expects.
const SEARCH_COUNT_SAMPLES: [u32; 10] = [0, 1, 2, 3, 5, 11, 21, 22, 101, 111];

impl<'a> ViewBuilder<'a> {
    /// A builder over rendered Markdown, resolved images and rendered media kits.
    pub fn new(
        site: &'a Site,
        page_md: &'a [Rendered],
        section_md: &'a BTreeMap<(String, String), Rendered>,
        images: &'a Images,
        taxonomies: &'a BTreeMap<String, Taxonomy>,
        kits: &'a BTreeMap<usize, crate::media_kit::KitView>,
        lists: &'a Lists,
    ) -> Self {
        let config = &site.config;
        let site_view = tera_value(&SiteView {
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            default_language: config.default_language.clone(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    url: config.url(&format!("{}/", l.code)),
                })
                .collect(),
            search: site.has_search(),
        });
        let mut builder = ViewBuilder {
            site,
            page_md,
            section_md,
            images,
            taxonomies,
            kits,
            lists,
            menus: BTreeMap::new(),
            site_view,
        };
        for lang in &site.config.languages {
            let menu = builder.build_menu(&lang.code);
            builder.menus.insert(lang.code.clone(), menu);
        }
        builder
    }

    /// Each language's home page path (`vi/`, `en/`), for outputs that exist in every language.
    fn home_paths(&self) -> BTreeMap<String, String> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), format!("{}/", l.code)))
            .collect()
    }

    /// Pages of section `dir` in `lang`, in list order.
    pub fn list(&self, dir: &str, lang: &str) -> Vec<&'a Page> {
        self.lists
            .section(dir, lang)
            .iter()
            .map(|&id| &self.site.content.pages[id])
            .collect()
    }

    /// Pages of `lang`, in list order.
    pub fn all_in(&self, lang: &str) -> Vec<&'a Page> {
        self.lists
            .language(lang)
            .iter()
            .map(|&id| &self.site.content.pages[id])
            .collect()
    }

    fn t(&self, lang: &str, key: &str, used_by: &str) -> String {
        self.site.i18n.format(lang, key, &[], used_by)
    }

    /// Title of a section in `lang`: its `_index` title, else the Fluent `section-<dir>`.
    pub fn section_title(&self, section: &Section, lang: &str) -> String {
        if section.dir.is_empty() {
            return self.t(lang, "nav-home", "section titles");
        }
        match section.index.get(lang) {
            Some(index) => index.front.title.clone(),
            None => self.t(
                lang,
                &format!("section-{}", section.dir.replace('/', "-")),
                &format!(
                    "the list page of content/{}/ (it has no _index.{lang}.md)",
                    section.dir
                ),
            ),
        }
    }

    /// Plain summary of a page: its `summary`, else its first paragraph, shortened.
    pub fn page_summary(&self, page: &Page) -> String {
        match &page.front.summary {
            Some(s) => s.clone(),
            None => shorten(&self.page_md[page.id].first_paragraph, DESCRIPTION_CHARS),
        }
    }

    /// The localized date, if any.
    pub fn date_display(&self, lang: &str, date: &crate::content::PageDate) -> String {
        self.site.i18n.format_date(lang, date.date, "dates")
    }

    /// A list entry for `page`.
    pub fn card(&self, page: &Page) -> PageCard {
        let section = &self.site.content.sections[&page.section];
        PageCard {
            title: page.front.title.clone(),
            url: self.site.config.url(&page.path),
            summary: self.page_summary(page),
            date: page.date.as_ref().map(|d| d.date.to_string()),
            date_display: page.date.as_ref().map(|d| self.date_display(&page.lang, d)),
            image: self.images.pages.get(&page.id).cloned(),
            image_alt: page.front.image.as_ref().and(page.front.image_alt.clone()),
            section_title: self.section_title(section, &page.lang),
        }
    }

    fn menu(&self, lang: &str, current_path: &str) -> Vec<MenuItem> {
        let mut menu = self.menus.get(lang).cloned().unwrap_or_default();
        let base = &self.site.config.base_path;
        for item in &mut menu {
            let path = item.url.strip_prefix(base.as_str()).unwrap_or(&item.url);
            item.active = current_path.starts_with(path);
        }
        menu
    }

    fn build_menu(&self, lang: &str) -> Vec<MenuItem> {
        let root = &self.site.content.sections[""];
        let mut children: Vec<&Section> = root
            .children
            .iter()
            .map(|d| &self.site.content.sections[d])
            .collect();
        children.sort_by(|a, b| a.weight(lang).cmp(&b.weight(lang)).then(a.dir.cmp(&b.dir)));
        children
            .into_iter()
            .map(|s| {
                let path = &s.paths[lang];
                MenuItem {
                    title: self.section_title(s, lang),
                    url: self.site.config.url(path),
                    active: false,
                }
            })
            .collect()
    }

    fn breadcrumbs(&self, section_dir: Option<&str>, lang: &str) -> Vec<Link> {
        let mut chain = Vec::new();
        let mut cur = section_dir.map(str::to_string);
        while let Some(dir) = cur {
            let section = &self.site.content.sections[&dir];
            chain.push(Link {
                title: self.section_title(section, lang),
                url: self.site.config.url(&section.paths[lang]),
            });
            cur = section.parent.clone();
        }
        // The loop ends at the root section, whose title is the home page's.
        chain.reverse();
        chain
    }

    /// The variables every template gets, for an output at `path` in `lang`.
    #[allow(clippy::too_many_arguments)]
    fn common(
        &self,
        lang: &str,
        kind: &'static str,
        template: &str,
        title: String,
        description: String,
        path: &str,
        translations: Vec<TranslationLink>,
        alternates: Vec<Alternate>,
        feed: Link,
        og: serde_json::Value,
        json_ld: serde_json::Value,
        breadcrumbs: Vec<Link>,
    ) -> View {
        let config = &self.site.config;
        let description = if description.trim().is_empty() {
            self.t(lang, "site-description", template)
        } else {
            description
        };
        let mut view = View(tera::Context::new());
        view.set("lang", lang);
        view.set(
            "lang_name",
            config.language(lang).map(|l| l.name.as_str()).unwrap_or(""),
        );
        view.set("kind", kind);
        view.set("template_name", template);
        view.set("title", &title);
        view.set("description", &description);
        view.set("url", &config.url(path));
        let permalink = config.permalink(path);
        view.set("permalink", &permalink);
        view.set("canonical", &permalink);
        view.0.insert_value("site", self.site_view.clone());
        view.set("menu", &self.menu(lang, path));
        view.set("translations", &translations);
        view.set("alternates", &alternates);
        view.set("feed", &feed);
        view.set("og", &og);
        view.set("json_ld", &script_json(&json_ld));
        view.set("breadcrumbs", &breadcrumbs);
        view
    }

    /// Switcher entries and alternates for something that exists at `paths` (by language);
    /// a language without it links to `nearest(lang)`.
    fn language_links(
        &self,
        lang: &str,
        paths: &BTreeMap<String, String>,
        nearest: impl Fn(&str) -> String,
    ) -> (Vec<TranslationLink>, Vec<Alternate>) {
        let config = &self.site.config;
        let mut links = Vec::new();
        let mut alternates = Vec::new();
        for l in &config.languages {
            let translated = paths.get(&l.code);
            links.push(TranslationLink {
                code: l.code.clone(),
                name: l.name.clone(),
                url: config.url(
                    translated
                        .cloned()
                        .unwrap_or_else(|| nearest(&l.code))
                        .as_str(),
                ),
                current: l.code == lang,
                translated: translated.is_some(),
            });
            if let Some(p) = translated {
                alternates.push(Alternate {
                    hreflang: l.code.clone(),
                    href: config.permalink(p),
                });
            }
        }
        let default = paths
            .get(&config.default_language)
            .or_else(|| paths.get(lang))
            .map(|p| config.permalink(p));
        if let Some(href) = default {
            alternates.push(Alternate {
                hreflang: "x-default".into(),
                href,
            });
        }
        (links, alternates)
    }

    fn publisher(&self, lang: &str, used_by: &str) -> serde_json::Value {
        json!({
            "@type": "GovernmentOrganization",
            "name": self.t(lang, "site-title", used_by),
            "url": self.site.config.permalink(&format!("{lang}/")),
        })
    }

    fn feed_link(&self, lang: &str, section: Option<&Section>, used_by: &str) -> Link {
        let site_title = self.t(lang, "site-title", used_by);
        match section {
            Some(s) if !s.dir.is_empty() => Link {
                title: format!("{site_title} – {}", self.section_title(s, lang)),
                url: self.site.config.url(&format!("{}atom.xml", s.paths[lang])),
            },
            _ => Link {
                title: site_title,
                url: self.site.config.url(&format!("{lang}/atom.xml")),
            },
        }
    }

    /// Render one job to (output path, HTML).
    pub fn render(&self, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        match job {
            Job::Home(lang) => self.render_home(lang),
            Job::Section(dir, lang, n) => self.render_section(dir, lang, *n),
            Job::Page(id) => self.render_page(&self.site.content.pages[*id]),
            Job::NotFound(lang) => self.render_404(lang),
            Job::Root => self.render_root(),
            Job::Taxonomy(key, lang) => self.render_taxonomy(key, lang),
            Job::Term(key, lang, id, n) => self.render_term(key, lang, id, *n),
            Job::Search(lang) => self.render_search(lang),
        }
    }

    /// `FOLDER/name`, then `KIND/name` (kind from herald.yaml), then `name`.
    fn pick_template(&self, section_dir: &str, name: &str) -> String {
        let top = section_dir.split('/').next().unwrap_or("");
        let kind = self
            .site
            .config
            .schema_for(section_dir)
            .map(|s| s.kind.as_str())
            .unwrap_or("");
        [top, kind]
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}/{name}"))
            .find(|t| self.site.templates.files.contains_key(t))
            .unwrap_or_else(|| name.to_string())
    }

    fn finish(
        &self,
        template: &str,
        view: View,
        out_path: String,
        source: &str,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let context = view.0;
        // Rendered to bytes: they are scanned as bytes and written as they are, and
        // `Tera::render`'s UTF-8 check of every page was 1.4% of a cold build's time.
        let mut html = Vec::with_capacity(32 * 1024);
        self.site
            .templates
            .tera
            .render_to(template, &context, &mut html)
            .map(|()| (out_path, html))
            .map_err(|e| {
                tera_diagnostic(
                    &e,
                    &self.site.templates.files,
                    &self.site.config,
                    Some(source),
                )
            })
    }

    fn render_home(&self, lang: &str) -> Result<(String, Vec<u8>), Diagnostic> {
        let content = &self.site.content;
        let root = &content.sections[""];
        let template = "home.html";
        let index = root.index.get(lang);
        let md = self.section_md.get(&(String::new(), lang.to_string()));
        let site_title = self.t(lang, "site-title", template);
        let title = index
            .map(|i| i.front.title.clone())
            .unwrap_or_else(|| site_title.clone());
        let description = index
            .and_then(|i| i.front.summary.clone())
            .unwrap_or_else(|| self.t(lang, "site-description", template));
        let path = format!("{lang}/");
        let paths = self.home_paths();
        let (translations, alternates) = self.language_links(lang, &paths, |l| format!("{l}/"));
        let mut sections: Vec<&Section> =
            root.children.iter().map(|d| &content.sections[d]).collect();
        sections.sort_by(|a, b| a.weight(lang).cmp(&b.weight(lang)).then(a.dir.cmp(&b.dir)));
        let sections: Vec<serde_json::Value> = sections
            .into_iter()
            .map(|s| {
                let pages: Vec<PageCard> = self
                    .list(&s.dir, lang)
                    .into_iter()
                    .take(3)
                    .map(|p| self.card(p))
                    .collect();
                json!({
                    "title": self.section_title(s, lang),
                    "url": self.site.config.url(&s.paths[lang]),
                    "summary": s.index.get(lang).and_then(|i| i.front.summary.clone()).unwrap_or_default(),
                    "pages": pages,
                })
            })
            .collect();
        let all = self.all_in(lang);
        // Latest news: pages of news and press sections when the site has them.
        let newsy = |p: &Page| matches!(p.kind.as_str(), "news" | "press");
        let latest: Vec<PageCard> = if all.iter().any(|p| newsy(p)) {
            all.iter()
                .filter(|p| newsy(p))
                .take(6)
                .map(|p| self.card(p))
                .collect()
        } else {
            all.iter().take(6).map(|p| self.card(p)).collect()
        };
        let mut featured: Vec<&Page> = all.iter().copied().filter(|p| p.front.featured).collect();
        featured.sort_by(|a, b| {
            a.front
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&b.front.weight.unwrap_or(i64::MAX))
                .then(b.date.cmp(&a.date))
                .then(a.path.cmp(&b.path))
        });
        let featured: Vec<serde_json::Value> = featured
            .into_iter()
            .take(6)
            .map(|p| {
                let mut card = json!(self.card(p));
                card["kind"] = json!(p.kind);
                card["facts"] = json!(self.facts(p, template));
                card
            })
            .collect();
        let image = self.images.sections.get(&(String::new(), lang.to_string()));
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": site_title,
            "description": description,
            "url": self.site.config.permalink(&path),
        });
        let mut view = self.common(
            lang,
            "home",
            template,
            title,
            description,
            &path,
            translations,
            alternates,
            self.feed_link(lang, None, template),
            og(
                "website",
                image.map(|i| self.absolute(i)),
                index.and_then(|i| i.front.image_alt.clone()),
            ),
            json_ld,
            Vec::new(),
        );
        view.set("content", md.map(|m| m.html.as_str()).unwrap_or(""));
        view.set("sections", &sections);
        view.set("latest", &latest);
        view.set("featured", &featured);
        self.finish(
            template,
            view,
            format!("{path}index.html"),
            &format!("the {lang} home page"),
        )
    }

    fn render_section(
        &self,
        dir: &str,
        lang: &str,
        n: usize,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let content = &self.site.content;
        let section = &content.sections[dir];
        let template = self.pick_template(dir, "section.html");
        let index = section.index.get(lang);
        let md = self.section_md.get(&(dir.to_string(), lang.to_string()));
        let title = self.section_title(section, lang);
        let base = section.paths[lang].clone();
        let per = self.site.config.paginate;
        let all = self.list(dir, lang);
        let (path, paginator) = self.paginate(&base, n, all.len());
        let cards: Vec<PageCard> = all
            .iter()
            .skip((n - 1) * per)
            .take(per)
            .map(|p| self.card(p))
            .collect();
        let subsections: Vec<serde_json::Value> = section
            .children
            .iter()
            .map(|d| {
                let s = &content.sections[d];
                json!({
                    "title": self.section_title(s, lang),
                    "url": self.site.config.url(&s.paths[lang]),
                    "summary": s.index.get(lang).and_then(|i| i.front.summary.clone()).unwrap_or_default(),
                })
            })
            .collect();
        let (translations, alternates) =
            self.language_links(lang, &section.paths, |l| format!("{l}/"));
        let summary = index
            .and_then(|i| i.front.summary.clone())
            .unwrap_or_default();
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": title,
            "description": summary,
            "url": self.site.config.permalink(&path),
            "inLanguage": lang,
            "isPartOf": {"@type": "WebSite", "name": self.t(lang, "site-title", &template), "url": self.site.config.permalink(&format!("{lang}/"))},
        });
        let image = self
            .images
            .sections
            .get(&(dir.to_string(), lang.to_string()));
        let mut view = self.common(
            lang,
            "section",
            &template,
            title.clone(),
            summary.clone(),
            &path,
            translations,
            alternates,
            self.feed_link(lang, Some(section), &template),
            og(
                "website",
                image.map(|i| self.absolute(i)),
                index.and_then(|i| i.front.image_alt.clone()),
            ),
            json_ld,
            self.breadcrumbs(section.parent.as_deref(), lang),
        );
        // Page N of a list is its own page for search engines, but page 1 is the section.
        view.set("canonical", &self.site.config.permalink(&path));
        view.set(
            "section",
            &json!({
                "title": title,
                "summary": summary,
                "content": md.map(|m| m.html.as_str()).unwrap_or(""),
                "url": self.site.config.url(&base),
                "name": section.name(),
            }),
        );
        view.set("pages", &cards);
        view.set("paginator", &paginator);
        view.set("taxonomies", &self.section_taxonomies(dir, lang));
        if self.has_geo(dir) {
            view.set(
                "geojson",
                &self
                    .site
                    .config
                    .url(&format!("{base}{}", super::feeds::GEOJSON)),
            );
        }
        view.set("subsections", &subsections);
        let source = match index {
            Some(i) => i.doc.file.display().to_string(),
            None => format!("the list of content/{dir}/ in {lang}"),
        };
        self.finish(&template, view, format!("{path}index.html"), &source)
    }

    fn render_page(&self, page: &Page) -> Result<(String, Vec<u8>), Diagnostic> {
        let content = &self.site.content;
        let lang = page.lang.as_str();
        let section = &content.sections[&page.section];
        let template = self.pick_template(&page.section, "page.html");
        let md = &self.page_md[page.id];
        let paths: BTreeMap<String, String> = content
            .translations
            .get(&page.key)
            .map(|m| {
                m.iter()
                    .map(|(l, &id)| (l.clone(), content.pages[id].path.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let (translations, alternates) =
            self.language_links(lang, &paths, |l| section.paths[l].clone());
        let summary = self.page_summary(page);
        let image = self.images.pages.get(&page.id).cloned();
        let image_alt = page.front.image.as_ref().and(page.front.image_alt.clone());
        let mut json_ld = json!({
            "@context": "https://schema.org",
            "@type": if matches!(page.kind.as_str(), "press" | "news") { "NewsArticle" } else { "Article" },
            "headline": page.front.title,
            "description": summary,
            "inLanguage": lang,
            "url": self.site.config.permalink(&page.path),
            "mainEntityOfPage": self.site.config.permalink(&page.path),
            "publisher": self.publisher(lang, &template),
            "author": self.publisher(lang, &template),
        });
        self.kind_json_ld(page, &mut json_ld, &template);
        if let Some(d) = &page.date {
            json_ld["datePublished"] = json!(d.rfc3339);
        }
        if let Some(d) = page.updated.as_ref().or(page.date.as_ref()) {
            json_ld["dateModified"] = json!(d.rfc3339);
        }
        if let Some(i) = &image {
            json_ld["image"] = json!(self.absolute(i));
        }
        let page_view = PageView {
            title: &page.front.title,
            summary: &summary,
            content: &md.html,
            tags: &page.front.tags,
            tag_links: self.tag_links(page),
            extra: &page.front.extra,
            kind: &page.kind,
            fields: &page.fields,
            facts: self.facts(page, &template),
            section: SectionRef {
                title: self.section_title(section, lang),
                url: self.site.config.url(&section.paths[lang]),
                name: section.name(),
            },
            toc: &md.toc,
            date: page.date.as_ref().map(|d| d.date.to_string()),
            date_display: page.date.as_ref().map(|d| self.date_display(lang, d)),
            updated: page.updated.as_ref().map(|d| d.date.to_string()),
            updated_display: page.updated.as_ref().map(|d| self.date_display(lang, d)),
            image: image.as_deref(),
            image_alt: image.as_ref().map(|_| image_alt.as_deref()),
        };
        let mut view = self.common(
            lang,
            "page",
            &template,
            page.front.title.clone(),
            summary.clone(),
            &page.path,
            translations,
            alternates,
            self.feed_link(lang, Some(section), &template),
            og(
                "article",
                image.as_ref().map(|i| self.absolute(i)),
                image_alt.clone(),
            ),
            json_ld,
            self.breadcrumbs(Some(&page.section), lang),
        );
        view.set("page", &page_view);
        if let Some(kit) = self.kits.get(&page.id) {
            view.set("kit", &kit);
        }
        self.finish(
            &template,
            view,
            format!("{}index.html", page.path),
            &page.doc.file.display().to_string(),
        )
    }

    fn render_404(&self, lang: &str) -> Result<(String, Vec<u8>), Diagnostic> {
        let template = "404.html";
        let title = self.t(lang, "not-found-title", template);
        let path = format!("{lang}/404.html");
        let paths = self.home_paths();
        let (translations, _) = self.language_links(lang, &paths, |l| format!("{l}/"));
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": title,
            "inLanguage": lang,
        });
        let mut view = self.common(
            lang,
            "404",
            template,
            title,
            String::new(),
            &path,
            translations,
            Vec::new(),
            self.feed_link(lang, None, template),
            og("website", None, None),
            json_ld,
            Vec::new(),
        );
        // The 404 page is served at any address; point crawlers to the home page.
        view.set(
            "canonical",
            &self.site.config.permalink(&format!("{lang}/")),
        );
        self.finish(template, view, path, &format!("the {lang} 404 page"))
    }

    fn render_search(&self, lang: &str) -> Result<(String, Vec<u8>), Diagnostic> {
        let template = "search.html";
        let config = &self.site.config;
        let title = self.t(lang, "search-title", template);
        let path = format!("{lang}/search/");
        let paths: BTreeMap<String, String> = config
            .languages
            .iter()
            .map(|l| (l.code.clone(), format!("{}/search/", l.code)))
            .collect();
        // No alternates: result pages are not for search engines (the page says noindex).
        let (translations, _) = self.language_links(lang, &paths, |l| format!("{l}/"));
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "SearchResultsPage",
            "name": title,
            "url": config.permalink(&path),
            "inLanguage": lang,
        });
        let mut view = self.common(
            lang,
            "search",
            template,
            title,
            String::new(),
            &path,
            translations,
            Vec::new(),
            self.feed_link(lang, None, template),
            og("website", None, None),
            json_ld,
            self.breadcrumbs(Some(""), lang),
        );
        // The result count is written by the page's script, but its words come from
        // Fluent: the message rendered for sample counts, one per plural form the script
        // may need (it picks the sample of the same plural category with Intl.PluralRules
        // and puts the real number in). `{query}` stands for the words searched.
        let count_forms: serde_json::Map<String, serde_json::Value> = SEARCH_COUNT_SAMPLES
            .iter()
            .map(|&n| {
                let args = [
                    ("count".to_string(), Arg::Num(n as f64)),
                    ("query".to_string(), Arg::Str("{query}".into())),
                ];
                let text = self
                    .site
                    .i18n
                    .format(lang, "search-results", &args, template);
                (n.to_string(), json!(text))
            })
            .collect();
        view.set(
            "search",
            &json!({
                "bundle": config.url(&format!("{}/", crate::search::BUNDLE_DIR)),
                "available": !self.lists.language(lang).is_empty(),
                "count_forms": serde_json::Value::Object(count_forms).to_string(),
            }),
        );
        self.finish(
            template,
            view,
            format!("{path}index.html"),
            &format!("the {lang} search page"),
        )
    }

    fn render_root(&self) -> Result<(String, Vec<u8>), Diagnostic> {
        let template = "root.html";
        let config = &self.site.config;
        let lang = config.default_language.as_str();
        let title = self.t(lang, "site-title", template);
        let paths = self.home_paths();
        let (translations, alternates) = self.language_links(lang, &paths, |l| format!("{l}/"));
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": title,
            "url": config.base_url,
        });
        let mut view = self.common(
            lang,
            "root",
            template,
            title,
            String::new(),
            "",
            translations,
            alternates,
            self.feed_link(lang, None, template),
            og("website", None, None),
            json_ld,
            Vec::new(),
        );
        view.set("canonical", &config.permalink(&format!("{lang}/")));
        self.finish(
            template,
            view,
            "index.html".into(),
            "the language chooser at /",
        )
    }

    /// Path of list page `n` under `base` and its paginator view (`base`, `base/page/2/`...).
    fn paginate(&self, base: &str, n: usize, count: usize) -> (String, serde_json::Value) {
        let total = count.div_ceil(self.site.config.paginate).max(1);
        let path_of = |k: usize| {
            if k == 1 {
                base.to_string()
            } else {
                format!("{base}page/{k}/")
            }
        };
        let url = |k: usize| self.site.config.url(&path_of(k));
        // First, last and two either side of the current one, with gaps between: a list of
        // every page number would grow each list page with the size of the section.
        let mut pages = Vec::new();
        let mut last = 0;
        for k in 1..=total {
            if k == 1 || k == total || k.abs_diff(n) <= 2 {
                if k > last + 1 {
                    pages.push(json!({"gap": true}));
                }
                pages.push(json!({"number": k, "url": url(k), "current": k == n}));
                last = k;
            }
        }
        let mut paginator = json!({
            "current": n,
            "total": total,
            "pages": pages,
        });
        if n > 1 {
            paginator["previous"] = json!(url(n - 1));
        }
        if n < total {
            paginator["next"] = json!(url(n + 1));
        }
        (path_of(n), paginator)
    }

    /// Display-ready facts of a page, in the order its section's schema declares them.
    pub fn facts(&self, page: &Page, used_by: &str) -> Vec<serde_json::Value> {
        let Some(schema) = self.site.config.schema_for(&page.section) else {
            return Vec::new();
        };
        let lang = page.lang.as_str();
        let i18n = &self.site.i18n;
        let mut out = Vec::new();
        for (name, spec) in schema.fields.iter() {
            let Some(value) = page.fields.get(name) else {
                continue;
            };
            let label = i18n.format(lang, &format!("field-{name}"), &[], used_by);
            let mut fact = json!({ "name": name, "label": label });
            match (value, &spec.kind) {
                (FieldValue::Text(id), FieldType::Enum { .. } | FieldType::Term) => {
                    fact["display"] =
                        json!(i18n.format(lang, &format!("value-{name}-{id}"), &[], used_by));
                    fact["value"] = json!(id);
                    if let Some(term) = self.term_of(&page.section, name, lang, id) {
                        fact["url"] = json!(self.site.config.url(&term.path));
                    }
                }
                (FieldValue::Text(t), _) => fact["display"] = json!(t),
                (FieldValue::List(items), _) => fact["items"] = json!(items),
                (FieldValue::Number(n), _) => {
                    let key = format!("value-{name}");
                    fact["display"] = json!(if i18n.has(lang, &key) {
                        i18n.format(lang, &key, &[("value".into(), Arg::Num(*n))], used_by)
                    } else {
                        i18n.format_number(lang, *n)
                    });
                }
                (FieldValue::Date(d), _) => {
                    if let Some(date) = crate::content::parse_date(d) {
                        fact["display"] = json!(self.date_display(lang, &date));
                        fact["datetime"] = json!(d);
                    }
                }
                (FieldValue::Money { amount, currency }, _) => {
                    let (scaled, scale) = money_scale(*amount);
                    let args = [
                        ("amount".to_string(), Arg::Num(scaled)),
                        ("scale".to_string(), Arg::Str(scale.into())),
                        ("currency".to_string(), Arg::Str(currency.clone())),
                    ];
                    fact["display"] = json!(i18n.format(lang, "money", &args, used_by).trim());
                }
                (FieldValue::Geo { lat, lon }, _) => {
                    let args = [
                        ("lat".to_string(), Arg::Num(lat.abs())),
                        (
                            "ns".to_string(),
                            Arg::Str(if *lat >= 0.0 { "N" } else { "S" }.into()),
                        ),
                        ("lon".to_string(), Arg::Num(lon.abs())),
                        (
                            "ew".to_string(),
                            Arg::Str(if *lon >= 0.0 { "E" } else { "W" }.into()),
                        ),
                    ];
                    fact["display"] = json!(i18n.format(lang, "geo-point", &args, used_by));
                    fact["url"] = json!(format!(
                        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"
                    ));
                    fact["link_text"] = json!(i18n.format(lang, "geo-map-link", &[], used_by));
                    fact["external"] = json!(true);
                }
                (
                    FieldValue::Contact {
                        name: who,
                        email,
                        phone,
                    },
                    _,
                ) => {
                    fact["contact"] = json!({ "name": who, "email": email, "phone": phone });
                }
            }
            out.push(fact);
        }
        out
    }

    fn term_of(
        &self,
        section: &str,
        field: &str,
        lang: &str,
        id: &str,
    ) -> Option<&super::taxonomy::Term> {
        self.taxonomies
            .values()
            .filter(|t| t.field == field)
            .filter(|t| {
                t.section
                    .as_deref()
                    .is_some_and(|s| section == s || section.starts_with(&format!("{s}/")))
            })
            .find_map(|t| t.langs.get(lang)?.terms.get(id))
    }

    fn tag_links(&self, page: &Page) -> Vec<Link> {
        let Some(tags) = self
            .taxonomies
            .get(TAGS)
            .and_then(|t| t.langs.get(&page.lang))
        else {
            return Vec::new();
        };
        page.front
            .tags
            .iter()
            .filter_map(|tag| {
                let term = tags.terms.get(&crate::slug::slugify(tag))?;
                Some(Link {
                    title: tag.clone(),
                    url: self.site.config.url(&term.path),
                })
            })
            .collect()
    }

    fn section_taxonomies(&self, dir: &str, lang: &str) -> Vec<serde_json::Value> {
        self.taxonomies
            .values()
            .filter(|t| t.section.as_deref() == Some(dir))
            .filter_map(|t| {
                let l = t.langs.get(lang)?;
                let terms: Vec<serde_json::Value> = sorted_terms(l)
                    .into_iter()
                    .map(|term| {
                        json!({"title": term.title, "url": self.site.config.url(&term.path), "count": term.pages.len()})
                    })
                    .collect();
                Some(json!({"title": l.title, "url": self.site.config.url(&l.path), "terms": terms}))
            })
            .collect()
    }

    /// True if pages of section `dir` have a geo field (so it gets a GeoJSON file).
    pub fn has_geo(&self, dir: &str) -> bool {
        self.site
            .config
            .sections
            .get(dir)
            .is_some_and(|s| s.fields.iter().any(|(_, f)| f.kind == FieldType::Geo))
    }

    /// Kind-specific JSON-LD: heritage is a place with coordinates, investment is about a place.
    fn kind_json_ld(&self, page: &Page, json_ld: &mut serde_json::Value, used_by: &str) {
        let lang = page.lang.as_str();
        let geo = page.fields.values().find_map(|v| match v {
            FieldValue::Geo { lat, lon } => Some((*lat, *lon)),
            _ => None,
        });
        let address = page.fields.get("address").and_then(|v| match v {
            FieldValue::Text(t) => Some(t.clone()),
            _ => None,
        });
        match page.kind.as_str() {
            "heritage" => {
                let mut place = json!({
                    "@type": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
                    "name": page.front.title,
                    "description": self.page_summary(page),
                    "url": self.site.config.permalink(&page.path),
                });
                if let Some((lat, lon)) = geo {
                    place["geo"] =
                        json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
                }
                if let Some(a) = address {
                    place["address"] = json!(a);
                }
                if let Some(i) = self.images.pages.get(&page.id) {
                    place["image"] = json!(self.absolute(i));
                }
                json_ld["@type"] = json!("WebPage");
                json_ld["name"] = json!(page.front.title);
                json_ld["mainEntity"] = place;
            }
            "investment" => {
                if let Some(FieldValue::Text(id)) = page.fields.get("district") {
                    let mut place = json!({
                        "@type": "Place",
                        "name": self.site.i18n.format(lang, &format!("value-district-{id}"), &[], used_by),
                    });
                    if let Some((lat, lon)) = geo {
                        place["geo"] =
                            json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
                    }
                    json_ld["about"] = place;
                }
                if let Some(FieldValue::Text(id)) = page.fields.get("sector") {
                    json_ld["keywords"] = json!(self.site.i18n.format(
                        lang,
                        &format!("value-sector-{id}"),
                        &[],
                        used_by
                    ));
                }
            }
            _ => {}
        }
    }

    fn render_taxonomy(&self, key: &str, lang: &str) -> Result<(String, Vec<u8>), Diagnostic> {
        let tax = &self.taxonomies[key];
        let l = &tax.langs[lang];
        let template = self.pick_template(tax.section.as_deref().unwrap_or(""), "taxonomy.html");
        let paths: BTreeMap<String, String> = tax
            .langs
            .iter()
            .filter(|(_, t)| !t.terms.is_empty())
            .map(|(code, t)| (code.clone(), t.path.clone()))
            .collect();
        let (translations, alternates) = self.language_links(lang, &paths, |c| format!("{c}/"));
        let section = tax.section.as_ref().map(|d| &self.site.content.sections[d]);
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": l.title,
            "url": self.site.config.permalink(&l.path),
            "inLanguage": lang,
        });
        let breadcrumbs = self.breadcrumbs(Some(tax.section.as_deref().unwrap_or("")), lang);
        let mut view = self.common(
            lang,
            "taxonomy",
            &template,
            l.title.clone(),
            String::new(),
            &l.path,
            translations,
            alternates,
            self.feed_link(lang, section, &template),
            og("website", None, None),
            json_ld,
            breadcrumbs,
        );
        let terms: Vec<serde_json::Value> = sorted_terms(l)
            .into_iter()
            .map(|t| json!({"title": t.title, "url": self.site.config.url(&t.path), "count": t.pages.len()}))
            .collect();
        view.set(
            "taxonomy",
            &json!({"name": tax.field, "title": l.title, "url": self.site.config.url(&l.path)}),
        );
        view.set("terms", &terms);
        self.finish(
            &template,
            view,
            format!("{}index.html", l.path),
            &format!("the {lang} index of `{}`", tax.key()),
        )
    }

    fn render_term(
        &self,
        key: &str,
        lang: &str,
        id: &str,
        n: usize,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let tax = &self.taxonomies[key];
        let l = &tax.langs[lang];
        let term = &l.terms[id];
        let template = self.pick_template(tax.section.as_deref().unwrap_or(""), "term.html");
        // The same term in other languages when they have it (field terms share ids).
        let paths: BTreeMap<String, String> = tax
            .langs
            .iter()
            .filter_map(|(code, t)| {
                if tax.section.is_none() && code != lang {
                    return None;
                }
                t.terms
                    .get(id)
                    .map(|term| (code.clone(), term.path.clone()))
            })
            .collect();
        // A language without any term of this taxonomy has no index page for it.
        let (translations, alternates) = self.language_links(lang, &paths, |c| {
            if tax.langs[c].terms.is_empty() {
                format!("{c}/")
            } else {
                tax.langs[c].path.clone()
            }
        });
        let section = tax.section.as_ref().map(|d| &self.site.content.sections[d]);
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": term.title,
            "url": self.site.config.permalink(&term.path),
            "inLanguage": lang,
        });
        let mut breadcrumbs = self.breadcrumbs(Some(tax.section.as_deref().unwrap_or("")), lang);
        breadcrumbs.push(Link {
            title: l.title.clone(),
            url: self.site.config.url(&l.path),
        });
        let (path, paginator) = self.paginate(&term.path, n, term.pages.len());
        let mut view = self.common(
            lang,
            "term",
            &template,
            format!("{}: {}", l.title, term.title),
            String::new(),
            &path,
            translations,
            alternates,
            self.feed_link(lang, section, &template),
            og("website", None, None),
            json_ld,
            breadcrumbs,
        );
        let per = self.site.config.paginate;
        let cards: Vec<PageCard> = term
            .pages
            .iter()
            .skip((n - 1) * per)
            .take(per)
            .map(|&id| self.card(&self.site.content.pages[id]))
            .collect();
        view.set(
            "taxonomy",
            &json!({"name": tax.field, "title": l.title, "url": self.site.config.url(&l.path)}),
        );
        view.set(
            "term",
            &json!({"id": id, "title": term.title, "url": self.site.config.url(&term.path)}),
        );
        view.set("pages", &cards);
        view.set("paginator", &paginator);
        self.finish(
            &template,
            view,
            format!("{path}index.html"),
            &format!("the {lang} page of `{id}` in `{}`", tax.key()),
        )
    }

    fn absolute(&self, root_relative: &str) -> String {
        let path = root_relative
            .strip_prefix(&self.site.config.base_path)
            .unwrap_or(root_relative);
        self.site.config.permalink(path)
    }
}

/// Terms by name in the language's alphabetical order (by folded name, then id).
fn sorted_terms(l: &super::taxonomy::TaxonomyLang) -> Vec<&super::taxonomy::Term> {
    let mut terms: Vec<&super::taxonomy::Term> = l.terms.values().collect();
    terms.sort_by(|a, b| {
        crate::slug::fold(&a.title)
            .cmp(&crate::slug::fold(&b.title))
            .then(a.path.cmp(&b.path))
    });
    terms
}

fn og(kind: &str, image: Option<String>, alt: Option<String>) -> serde_json::Value {
    let mut v = json!({ "type": kind });
    if let Some(i) = image {
        v["image"] = json!(i);
        if let Some(a) = alt {
            v["image_alt"] = json!(a);
        }
    }
    v
}

/// JSON for a `<script>` element: no `<`, `>` or `&` at all (JSON's `\u003c` escapes),
/// so neither `</script>` nor `<!--<script>` (which makes the parser skip the real end tag)
/// can come from front matter or Fluent text.
pub(crate) fn script_json(v: &serde_json::Value) -> String {
    // Straight into a buffer: `Value`'s `Display` goes through the formatting machinery,
    // which cost more than the JSON-LD of a page is worth (some 20k instructions each).
    // Serializing a `Value` cannot fail.
    let json = serde_json::to_string(v).unwrap_or_default();
    if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Shorten plain text to about `max` characters at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    let text = crate::content::collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max).collect();
    if let Some(i) = out.rfind(' ') {
        out.truncate(i);
    }
    out.push('…');
    out
}

/// Escape text for HTML outside templates.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
