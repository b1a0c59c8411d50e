// Test helper: opens an HTML file in Debian's headless Chromium (playwright-core), collecting console and page errors.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenedReport {
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests the page tried beyond its own file:// URL (a self-contained report makes none). */
  outsideRequests: string[];
  close(): Promise<void>;
}

/** Fails with how to install Chromium when it is missing (never skips). */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with 'apt-get install chromium' (.ci/run does), or set CHROMIUM_PATH`);
  }
  return CHROMIUM_PATH;
}

export async function openReport(file: string, viewport = { width: 1400, height: 1000 }): Promise<OpenedReport> {
  const browser = await chromium.launch({ executablePath: requireChromium(), args: ARGS });
  try {
    const page = await browser.newPage({ viewport });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const outsideRequests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url && !r.url().startsWith('data:')) outsideRequests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-ready]', { timeout: 15_000 });
    return { browser, page, consoleErrors, pageErrors, outsideRequests, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/**
 * Runs in the page (as source text: the test's own code is transpiled by tsx, whose helpers the page lacks):
 * per chart container, whether it holds a canvas, and how many pixels are painted and how many carry a saturated colour.
 */
const CHART_PIXELS_JS = `[...document.querySelectorAll('[data-chart]')].map((el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return { id: el.id, canvas: false, colored: 0, painted: 0 };
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let colored = 0, painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    painted++;
    const mx = Math.max(data[i], data[i + 1], data[i + 2]);
    const mn = Math.min(data[i], data[i + 1], data[i + 2]);
    if (mx - mn > 60) colored++;
  }
  return { id: el.id, canvas: true, colored, painted };
})`;

export interface ChartPixels {
  id: string;
  canvas: boolean;
  /** Pixels whose colour is saturated: series lines, bars, markers (axes and grid are grey). */
  colored: number;
  painted: number;
}

export async function chartPixels(page: Page): Promise<ChartPixels[]> {
  return page.evaluate(CHART_PIXELS_JS) as Promise<ChartPixels[]>;
}
