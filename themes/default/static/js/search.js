// The search page of herald's default theme (templates/search.html).
//
// Reads ?q= from the address (a search is a link that can be shared), asks the Pagefind
// index that the build wrote beside the site, and lists the results with their section
// and an excerpt with the matched words marked. Nothing is fetched from another host: the
// index is found at data-bundle, under the site's own base path. Every visible word comes
// from the page (Fluent, through data-* attributes).
//
// Vietnamese folding: Pagefind ignores accents by itself ("quang ngai" finds "Quảng
// Ngãi" and the reverse) but treats "đ" as a letter of its own. The build indexes "đ" as
// "d" and marks each such word ("Đầu" is stored as "Dầu`+", see src/search.rs); here the
// query is folded the same way and the marks are removed before anything is shown.

const MARK = "`";
const PAGE_SIZE = 10;
const EXCERPT_WORDS = 30;
// Pagefind splits its text on whitespace but keeps U+FEFF inside words.
const WORD_GAP = /[^\S\uFEFF]+/;

/** The query as the index stores words: NFC, with đ/Đ as d/D. */
export function foldQuery(query) {
  return query.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
}

/** One indexed word as it was written: "Dầu`+" -> "Đầu"; other words unchanged. */
export function unfoldWord(word) {
  const at = word.lastIndexOf(MARK);
  if (at < 0) return word;
  const body = word.slice(0, at);
  const flags = word.slice(at + 1);
  const ds = body.match(/[dD]/g) || [];
  if (!/^[+-]+$/.test(flags) || flags.length !== ds.length) return word;
  let i = 0;
  return body.replace(/[dD]/g, (d) => (flags[i++] === "+" ? (d === "d" ? "đ" : "Đ") : d));
}

/** A text of indexed words as it was written. */
export function unfold(text) {
  return text
    .split(/(\s+)/)
    .map((part, i) => (i % 2 ? part : unfoldWord(part)))
    .join("");
}

/**
 * The window of `length` words with the most weight of matches (the midpoint of the
 * best windows when several tie, as Pagefind does), so the excerpt shows the matches.
 */
export function excerptStart(wordCount, weighted, length) {
  if (wordCount <= length) return 0;
  const score = new Array(wordCount).fill(0);
  for (const l of weighted) {
    if (l.location < wordCount) score[l.location] += l.balanced_score || 1;
  }
  let sum = score.slice(0, length).reduce((a, b) => a + b, 0);
  let best = sum;
  let bestAt = [0];
  for (let start = 1; start + length <= wordCount; start++) {
    sum += score[start + length - 1] - score[start - 1];
    if (sum > best) {
      best = sum;
      bestAt = [start];
    } else if (sum === best && bestAt[bestAt.length - 1] === start - 1) {
      bestAt.push(start);
    }
  }
  return bestAt[Math.floor(bestAt.length / 2)];
}

/** Fill `el` with the excerpt of a result: text nodes and <mark>, never parsed HTML. */
function fillExcerpt(el, data) {
  const words = (data.content || "").split(WORD_GAP).filter((w) => w.length);
  const marked = new Set(data.locations || []);
  const start = excerptStart(words.length, data.weighted_locations || [], EXCERPT_WORDS);
  const end = Math.min(words.length, start + EXCERPT_WORDS);
  if (start > 0) el.append("… ");
  for (let i = start; i < end; i++) {
    const word = unfoldWord(words[i]);
    if (marked.has(i)) {
      const m = document.createElement("mark");
      m.textContent = word;
      el.append(m);
    } else {
      el.append(word);
    }
    if (i < end - 1) el.append(" ");
  }
  if (end < words.length) el.append(" …");
}

function resultItem(data) {
  const li = document.createElement("li");
  li.className = "search-result";
  const section = data.filters && data.filters.section && data.filters.section[0];
  if (section) {
    const kicker = document.createElement("p");
    kicker.className = "search-result-section";
    kicker.textContent = section;
    li.append(kicker);
  }
  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = unfold((data.meta && data.meta.title) || data.url);
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  fillExcerpt(excerpt, data);
  li.append(heading, excerpt);
  return li;
}

/** "12 results for “…”" from the Fluent forms rendered for sample counts. */
function countText(forms, lang, count, query) {
  let text = forms[String(count)];
  if (text === undefined) {
    const rules = new Intl.PluralRules(lang);
    const numbers = new Intl.NumberFormat(lang);
    const category = rules.select(count);
    const sample = Object.keys(forms)
      .map(Number)
      .find((n) => n !== 0 && rules.select(n) === category);
    const base = forms[String(sample)] ?? forms[Object.keys(forms).pop()];
    text = base.replace(numbers.format(sample), numbers.format(count));
  }
  return text.replace("{query}", query);
}

function start(root) {
  const form = document.querySelector(".search-form");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const lang = document.documentElement.lang || "en";
  const forms = JSON.parse(root.dataset.countForms || "{}");
  let pagefind = null;
  let generation = 0;

  async function load() {
    if (!pagefind) {
      // The bundle is found under the site's base path, on this host only.
      const bundle = new URL(root.dataset.bundle, window.location.href);
      pagefind = await import(new URL("pagefind.js", bundle).href);
      await pagefind.init();
    }
    return pagefind;
  }

  // The language switcher keeps the words being searched.
  function carryQuery(query) {
    for (const a of document.querySelectorAll(".lang-switch a[hreflang]")) {
      const url = new URL(a.href);
      if (!url.pathname.endsWith("/search/")) continue;
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      a.href = url.href;
    }
  }

  async function run(query) {
    const mine = ++generation;
    list.replaceChildren();
    more.hidden = true;
    carryQuery(query);
    if (!query.trim()) {
      status.textContent = root.dataset.empty || "";
      return;
    }
    if (root.dataset.available !== "true") {
      status.textContent = countText(forms, lang, 0, query);
      return;
    }
    status.textContent = root.dataset.loading || "";
    root.setAttribute("aria-busy", "true");
    try {
      const pf = await load();
      const search = await pf.search(foldQuery(query));
      if (mine !== generation) return;
      const results = search.results;
      let shown = 0;
      const showMore = async () => {
        const slice = results.slice(shown, shown + PAGE_SIZE);
        const data = await Promise.all(slice.map((r) => r.data()));
        if (mine !== generation) return null;
        const items = data.map(resultItem);
        list.append(...items);
        shown += slice.length;
        more.hidden = shown >= results.length;
        return items[0] || null;
      };
      more.onclick = async () => {
        const first = await showMore();
        // Keyboard users continue from the first new result.
        const link = first && first.querySelector("a");
        if (link) link.focus();
      };
      await showMore();
      if (mine !== generation) return;
      // For scripts/bench-search.mjs: time from navigation to the first results shown.
      performance.mark("herald-search-results");
      // Announced by the live region once the first results are on the page.
      status.textContent = countText(forms, lang, results.length, query);
    } catch (error) {
      if (mine === generation) status.textContent = root.dataset.error || "";
      console.error("search:", error);
    } finally {
      if (mine === generation) root.removeAttribute("aria-busy");
    }
  }

  const fromAddress = () => new URLSearchParams(window.location.search).get("q") || "";

  // Submitting searches in place and records the search in the address (a shareable link,
  // and Back returns to the previous search). Without JavaScript the form reloads the page.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    const url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    window.history.pushState(null, "", url);
    run(query);
  });
  window.addEventListener("popstate", () => {
    input.value = fromAddress();
    run(input.value);
  });

  input.value = fromAddress();
  run(input.value);
}

const root = typeof document !== "undefined" && document.getElementById("search");
if (root) start(root);
