// Runs pa11y (HTML_CodeSniffer, WCAG2AA) and Lighthouse's accessibility category on a batch of
// pages in one browser: Debian's Chromium, started once (starting it per page would cost more
// than the checks). Called by site_tests/site/checkers.py:
//
//   node checkers.mjs < request.json > answer.json
//
// request: {"chromium": "/usr/bin/chromium", "args": [...], "locale": "da-DK",
//           "pages": [{"name": "home", "url": "http://…/", "ready": "css selector or null",
//                      "lighthouseUrl": "the URL for Lighthouse, when not `url`"}]}
// answer:  {"pages": [{"name", "url", "pa11y": [issue…], "lighthouse": {"score", "failed": […]}}]}
//
// A page is checked once it is ready: when `ready` is given, once an element matching it is on
// the page (the search page's results are written by its script after the index is fetched).
import { readFileSync } from "node:fs";

import puppeteer from "puppeteer";
import pa11y from "pa11y";
import { navigation } from "lighthouse";

const request = JSON.parse(readFileSync(0, "utf-8"));
const VIEWPORT = { width: 1280, height: 900 };

async function runPa11y(browser, page) {
  const tab = await browser.newPage();
  try {
    const actions = page.ready ? [`wait for element ${page.ready} to be added`] : [];
    const result = await pa11y(page.url, {
      browser,
      page: tab,
      standard: "WCAG2AA",
      runners: ["htmlcs"],
      includeNotices: false,
      includeWarnings: false,
      actions,
      timeout: 60_000,
      viewport: VIEWPORT,
      log: { debug() {}, info() {}, error: (m) => process.stderr.write(`pa11y: ${m}\n`) },
    });
    return result.issues.map(({ code, message, selector, context, type }) => ({
      code, message, selector, context, type,
    }));
  } finally {
    await tab.close().catch(() => {});
  }
}

async function runLighthouse(browser, page) {
  const tab = await browser.newPage();
  try {
    // Lighthouse refuses a page answered with an error status (the 404 page): it gets the same
    // page at a URL that answers 200
    const url = page.lighthouseUrl || page.url;
    const flow = await navigation(tab, url, {
      flags: {
        onlyCategories: ["accessibility"],
        formFactor: request.formFactor,
        screenEmulation: request.formFactor === "desktop" ? { disabled: true } : undefined,
        locale: "en-US",
        logLevel: process.env.LH_LOG || "error",
        disableStorageReset: true,
        skipAboutBlank: true,
        disableFullPageScreenshot: true,
        pauseAfterFcpMs: 250,
        pauseAfterLoadMs: 250,
        networkQuietThresholdMs: 500,
        cpuQuietThresholdMs: 500,
      },
    });
    const lhr = flow.lhr;
    if (page.ready && !(await tab.$(page.ready))) {
      throw new Error(`${url}: Lighthouse finished before ${page.ready} was on the page`);
    }
    if (lhr.runtimeError) {
      throw new Error(`${url}: Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    }
    const category = lhr.categories.accessibility;
    const failed = category.auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.scoreDisplayMode === "binary" && audit.score !== 1)
      .map((audit) => ({
        id: audit.id,
        title: audit.title,
        items: ((audit.details && audit.details.items) || []).map((item) => ({
          selector: item.node && item.node.selector,
          snippet: item.node && item.node.snippet,
          explanation: item.node && item.node.explanation,
        })),
      }));
    return { score: category.score, failed };
  } finally {
    await tab.close().catch(() => {});
  }
}

const browser = await puppeteer.launch({
  executablePath: request.chromium,
  headless: true,
  args: [...request.args, `--lang=${request.locale}`],
  defaultViewport: VIEWPORT,
});
const answer = { pages: [] };
try {
  for (const page of request.pages) {
    const t0 = Date.now();
    const pa11yIssues = await runPa11y(browser, page);
    const t1 = Date.now();
    const lighthouse = await runLighthouse(browser, page);
    process.stderr.write(`${page.name}: pa11y ${t1 - t0} ms, lighthouse ${Date.now() - t1} ms\n`);
    answer.pages.push({ name: page.name, url: page.url, pa11y: pa11yIssues, lighthouse });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(answer));
