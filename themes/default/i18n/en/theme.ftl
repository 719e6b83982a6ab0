# User-interface strings of the default theme (English).

## Navigation and shared layout

nav-skip = Skip to main content
nav-main-label = Main navigation
nav-home = Home
breadcrumb-label = Breadcrumb

## Language switcher

lang-switch-label = Choose a language
lang-not-translated = (not yet translated)

## Home page

home-hero-cta-topics = Explore our topics
home-hero-cta-latest = Read the latest news
home-sections-heading = Explore by topic
home-sections-intro = Official information on investment, heritage, the sea and islands, international cooperation and foreign affairs.
home-section-more = View all
home-section-more-label = View all articles in { $section }
home-latest-heading = Latest news

## Section listings

list-count = { $count ->
    [one] 1 article
   *[other] { $count } articles
}
list-count-paged = { $count ->
    [one] 1 article
   *[other] { $count } articles
} · page { $current } of { $total }
section-subsections = Topics in this section
section-empty = There are no articles in this section yet.

## Pagination

pagination-label = Pagination
pagination-previous = Previous page
pagination-next = Next page
pagination-page = Page { $number }
pagination-status = Page { $current } of { $total }

## Articles

page-published = Published
page-updated = Updated
page-toc = Contents
page-tags = Tags
page-back-to-section = Back to { $section }

## 404 page

notfound-kicker = Error 404
notfound-text = The page you are looking for may have been moved, renamed or removed. Please check the address, or continue from one of the links below.
notfound-home = Go to the home page
notfound-sections = Or choose a section:

## Language chooser at the root of the site

root-choose-language = Please choose a language

## Footer

footer-contact-heading = Contact
footer-sections-heading = Sections
footer-phone-label = Phone
footer-email-label = Email
footer-feed = Subscribe via Atom feed
footer-generator = Built with herald

## Strings shared with herald's Rust code (dates, the 404 title)

not-found-title = Page not found
# $day and $month are numbers, $year is a string (never digit-grouped).
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

## Defaults for site-specific strings.
## A site overrides them in i18n/en/site.ftl; an empty value { "" } hides that line.
## site-title and site-description have no default: every site must set them.

site-tagline = Foreign information portal
site-kicker = { "" }
site-footer-org = { site-title }
site-footer-address = { "" }
site-footer-phone = { "" }
site-footer-email = { "" }
site-footer-copyright = © { site-title }


## Search (the box in every page's header, the page /en/search/)

search-title = Search
search-label = Search this site
search-submit = Search
search-hint = Vietnamese names work with or without their accents: type “Quảng Ngãi” either way.
search-empty = Type a word or a name, then press Search.
search-loading = Searching…
search-error = The search index could not be loaded. Please try again later, or browse the sections.
search-noscript = Search needs JavaScript. You can still browse everything through the sections in the menu.
search-more = Show more results
# $count is the number of results; $query is what the reader typed.
search-results = { $count ->
    [0] No results for “{ $query }”
    [one] 1 result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}

## Typed pages: fact boxes, money, coordinates

facts-heading-investment = Investment facts
facts-heading-heritage = Visitor information
facts-heading-press = Press information
facts-heading-sovereignty = Key facts
facts-heading-news = Event
facts-heading-generic = Facts
# $amount is already scaled to $scale (billion, million or one); $currency is VND or USD.
money = { $currency ->
    [VND] VND
   *[other] { $currency }
} { $amount }{ $scale ->
    [billion] {" "}billion
    [million] {" "}million
   *[one] {""}
}
# $lat and $lon are positive degrees; $ns is N or S, $ew is E or W.
geo-point = { $lat }° { $ns }, { $lon }° { $ew }
geo-map-link = View on OpenStreetMap

## Taxonomies

taxonomy-tags = Tags
taxonomy-term-count = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}
term-pages = { $count ->
    [one] 1 article
   *[other] { $count } articles
}
section-browse-label = Browse this section
section-geojson = Download the sites as GeoJSON (for map tools)
home-featured-heading = Highlights

## Media kits (kit/page.html, and the texts inside each kit's zip)

facts-heading-kit = Press contact
kit-download-heading = Download the kit
# $language is the name of the zip's language, $size its size (kit-file-size).
kit-download-zip = All files, { $language } (ZIP, { $size })
kit-download-contents = Originals, web-size images, captions and credits, the press release as HTML and text, a manifest and SHA-256 checksums.
kit-download-other = Also available:
kit-images-heading = Images
kit-documents-heading = Documents
kit-file-count = { $count ->
    [one] 1 file
   *[other] { $count } files
}
kit-original = Original
kit-web-version = Web version
kit-checksum-help = Check a download with: sha256sum FILE
# $size is a number already rounded; $unit is B, kB, MB or GB (1 kB = 1000 bytes).
kit-file-size = { $unit ->
    [B] { $size } bytes
    [kB] { $size } kB
    [MB] { $size } MB
   *[GB] { $size } GB
}
kit-pixels = { $width } × { $height } px
kit-label-file = File
kit-label-caption = Caption
kit-label-alt = Description (alt text)
kit-label-credit = Credit
kit-label-licence = Licence
kit-label-date = Date
kit-label-place = Place
kit-label-size = Size
kit-label-web = Web version
kit-label-sha256 = SHA-256
kit-label-source = Source
kit-captions-heading = Captions and credits
kit-captions-intro = Please publish each file with its credit and respect its licence. The checksums of every file are in SHA256SUMS (check with: sha256sum -c SHA256SUMS).
