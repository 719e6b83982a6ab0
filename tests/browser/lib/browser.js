// Debian's Chromium driven by playwright-core. No browser is ever downloaded.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet and off the network; each launch gets a fresh profile. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, chromiumSandbox: false });
}

/** A context as a reader on a desktop (or, with width 390, a phone) with these languages. */
export function newContext(browser, { locale = 'en-US', width = 1280, height = 800, ...rest } = {}) {
  return browser.newContext({
    locale,
    viewport: { width, height },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    ...rest,
  });
}

/**
 * Keeps the page on the first document it loads: later navigations (the language chooser's
 * <meta http-equiv=refresh>) are answered 204, which cancels them and leaves the document.
 */
export async function stayOnFirstDocument(page) {
  let navigations = 0;
  await page.route('**/*', (route) =>
    route.request().isNavigationRequest() && ++navigations > 1 ? route.fulfill({ status: 204 }) : route.continue(),
  );
}
