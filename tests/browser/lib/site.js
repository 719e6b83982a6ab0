// Where the built sample site is, and which of its pages stand for each kind.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The folder `herald build` wrote (HERALD_PUBLIC overrides `<repo>/public`). */
export const PUBLIC = path.resolve(process.env.HERALD_PUBLIC ?? path.join(REPO, 'public'));

/** Where tests write what a person looks at afterwards (screenshots, reports, PDFs). */
export const ARTIFACTS = path.join(REPO, 'target', 'browser');

export function assertBuilt() {
  if (!existsSync(path.join(PUBLIC, 'vi', 'index.html')) || !existsSync(path.join(PUBLIC, 'en', 'index.html'))) {
    throw new Error(`no built site in ${PUBLIC}: run \`cargo run --release -- build\` at the repository root first`);
  }
}

/** Every .html file of the built site, as paths relative to PUBLIC, sorted. */
export function htmlFiles(dir = PUBLIC) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full));
    else if (entry.name.endsWith('.html')) out.push(path.relative(PUBLIC, full));
  }
  return out.sort();
}

/**
 * One page of each kind in each language. `status` is what nginx answers; 404 pages are
 * reached through a path that does not exist, as readers reach them.
 */
export const KINDS = [
  { name: 'home', lang: 'vi', path: '/vi/' },
  { name: 'home', lang: 'en', path: '/en/' },
  { name: 'section', lang: 'vi', path: '/vi/dau-tu/' },
  { name: 'section', lang: 'en', path: '/en/investment/' },
  { name: 'press-room', lang: 'vi', path: '/vi/bao-chi/' },
  { name: 'press-room', lang: 'en', path: '/en/press/' },
  { name: 'heritage-page', lang: 'vi', path: '/vi/di-san/dao-ly-son/' },
  { name: 'heritage-page', lang: 'en', path: '/en/heritage/ly-son/' },
  { name: 'investment-page', lang: 'vi', path: '/vi/dau-tu/khu-kinh-te-dung-quat/' },
  { name: 'investment-page', lang: 'en', path: '/en/investment/dung-quat-economic-zone/' },
  { name: 'press-release', lang: 'vi', path: '/vi/bao-chi/thong-cao-trong-tam-doi-ngoai-2021/' },
  { name: 'press-release', lang: 'en', path: '/en/press/press-release-2021-priorities/' },
  { name: 'kit-page', lang: 'vi', path: '/vi/bao-chi/bo-tai-lieu/bo-tai-lieu-quang-ngai-2021/' },
  { name: 'kit-page', lang: 'en', path: '/en/press/media-kits/quang-ngai-media-kit-2021/' },
  { name: 'term-page', lang: 'vi', path: '/vi/dau-tu/linh-vuc/cong-nghiep-nang-va-loc-hoa-dau/' },
  { name: 'term-page', lang: 'en', path: '/en/investment/sector/heavy-industry-and-petrochemicals/' },
  { name: 'untranslated-page', lang: 'vi', path: '/vi/tin-tuc/tap-huan-hoi-nhap-quoc-te-2021/' },
  { name: '404', lang: 'vi', path: '/vi/khong-co-trang-nay/', status: 404 },
  { name: '404', lang: 'en', path: '/en/no-such-page/', status: 404 },
  { name: 'language-chooser', lang: 'vi', path: '/index.html' },
];

/** Every page the sitemap lists, as root-relative paths, in sitemap order. */
export function sitemapPaths() {
  const xml = readFileSync(path.join(PUBLIC, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}
