// Playwright tests of bnsweep's report page in Debian's Chromium (never a downloaded browser).
// Started by ReportPlaywrightTest (mvn verify), which writes the reports and, when this script
// prints "live-opened", rewrites the live report with a trial that finished meanwhile.
//
//   node report.test.mjs FULL SEARCH SIGMA LIVE LIVE_TRIAL SHOTS
//
// FULL, SEARCH, SIGMA, LIVE: report folders (a whole synthetic sweep, a lambda search, a
// lambda x sigma grid, a live page); LIVE_TRIAL: the trial that finishes while the live page is
// open; SHOTS: where screenshots go. Prints "ok N - name" or "not ok N - name" per test and
// "N passed, N failed" last; exits 1 if any failed.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [FULL, SEARCH, SIGMA, LIVE, LIVE_TRIAL, SHOTS] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bnsweep-chromium-'));
// A persistent context is how Playwright takes a --user-data-dir: a fresh, empty one.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: DESKTOP,
  chromiumSandbox: false
});
let passed = 0;
let failed = 0;

async function test(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok ${passed + failed} - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${passed + failed} - ${name}\n  ${String(e.stack || e).replace(/\n/g, '\n  ')}`);
  }
}

/**
 * Opens a report page and records what went wrong: console errors, uncaught exceptions, failed
 * requests; waits for the page's own check (data-report-check) to run.
 */
async function open(file, viewport = DESKTOP) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const problems = [];
  page.on('console', m => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', e => problems.push('exception: ' + e.message));
  page.on('requestfailed', r => problems.push('request failed: ' + r.url() + ' '
    + (r.failure() || {}).errorText));
  page.on('response', r => { if (r.status() >= 400) problems.push('HTTP ' + r.status() + ' ' + r.url()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-report-check'));
  const check = await page.evaluate(() => document.documentElement.getAttribute('data-report-check'));
  return { page, problems, check };
}

async function shoot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/**
 * Scrolls a chart into view and gives the position in the window of a point that {@code fn}
 * (the body of a function of the chart and {@code arg}) returns in the chart's own pixels.
 */
async function chartPoint(page, key, fn, arg) {
  await page.evaluate(k => window.reportCharts[k].getDom().scrollIntoView({ block: 'center' }),
    key);
  return page.evaluate(([key, fn, arg]) => {
    const chart = window.reportCharts[key];
    const box = chart.getDom().getBoundingClientRect();
    // eslint-disable-next-line no-new-func
    const [x, y] = new Function('chart', 'arg', fn)(chart, arg);
    return { x: box.left + x, y: box.top + y };
  }, [key, fn, arg]);
}

async function tooltip(page, key) {
  return page.evaluate(k => window.reportCharts[k].getDom().innerText, key);
}

await test('positive control: a console error and a broken image are caught', async () => {
  const html = fs.readFileSync(path.join(FULL, 'index.html'), 'utf8');
  const control = path.join(FULL, 'control.html');
  fs.writeFileSync(control, html.replace('</body>', '<script>console.error("planted error")'
    + '</script><img alt="planted" src="no-such-figure.png"></body>'));
  const { page, problems, check } = await open(control);
  await page.close();
  assert.ok(problems.some(p => p.includes('planted error')), 'console error missed: ' + problems);
  assert.ok(problems.some(p => p.includes('request failed') && p.includes('no-such-figure.png')),
    'failed request missed: ' + problems);
  assert.match(check, /^failed:/);
});

for (const [name, dir] of [['full', FULL], ['lambda-search', SEARCH], ['lambda-sigma', SIGMA]]) {
  await test(`${name}: no console error, no failed request, every chart drawn`, async () => {
    for (const [width, viewport] of [['1280', DESKTOP], ['phone', PHONE]]) {
      const { page, problems, check } = await open(path.join(dir, 'index.html'), viewport);
      const charts = await page.evaluate(() => [document.querySelectorAll('div.chart').length,
        document.querySelectorAll('div.chart canvas').length]);
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth > window.innerWidth);
      await shoot(page, `playwright-${name}-${width}.png`);
      await page.close();
      assert.deepEqual(problems, []);
      assert.equal(check, 'ok');
      assert.ok(charts[0] > 0 && charts[1] >= charts[0], `charts ${charts}`);
      assert.equal(overflow, false, 'the page is wider than the window at ' + width);
    }
  });
}

await test('hover on the lambda scatter shows the best trial id and its parameters', async () => {
  const { page } = await open(path.join(SEARCH, 'index.html'));
  const best = await page.evaluate(() =>
    JSON.parse(document.getElementById('report-data').textContent).charts.lambda.best);
  const at = await chartPoint(page, 'lambda',
    'const s = chart.getOption().series.length - 1;'
    + ' return chart.convertToPixel({ seriesIndex: s }, [arg[0], arg[1]]);', best);
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(id => window.reportCharts.lambda.getDom().innerText
    .includes('trial ' + id), best[2], { timeout: 5000 });
  const text = await tooltip(page, 'lambda');
  await page.close();
  assert.match(text, /lambda: /);
  assert.match(text, /validation accuracy: \d+\.\d\d %/);
});

await test('hover on a heat map cell shows its value', async () => {
  const { page } = await open(path.join(SIGMA, 'index.html'));
  const key = await page.evaluate(() => Object.keys(window.reportCharts)
    .find(k => k.startsWith('heatmap:')));
  assert.ok(key, 'no heat map');
  const cell = await page.evaluate(k => JSON.parse(
    document.getElementById('report-data').textContent).charts[k].cells[0], key);
  const at = await chartPoint(page, key,
    'return chart.convertToPixel({ seriesIndex: 0 }, [arg[0], arg[1]]);', cell);
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction(k => window.reportCharts[k].getDom().innerText
    .includes('mean validation accuracy'), key, { timeout: 5000 });
  const text = await tooltip(page, key);
  await page.close();
  assert.ok(text.includes(String(cell[2])), `${text} lacks ${cell[2]}`);
});

await test('a brush on the lambda axis keeps the trials in range in the table', async () => {
  const { page } = await open(path.join(SEARCH, 'index.html'));
  const d = await page.evaluate(() =>
    JSON.parse(document.getElementById('report-data').textContent).charts.parallel);
  const dim = d.axes.findIndex(a => a.name === 'lambda');
  assert.ok(dim >= 0, 'no lambda axis');
  const lambdas = [...new Set(d.lines.map(l => l[dim]))].sort((a, b) => a - b);
  assert.ok(lambdas.length >= 4, 'too few lambdas to brush: ' + lambdas);
  // From between the 2nd and 3rd smallest lambda to between the 2nd and 3rd largest.
  const lo = Math.sqrt(lambdas[1] * lambdas[2]);
  const hi = Math.sqrt(lambdas[lambdas.length - 3] * lambdas[lambdas.length - 2]);
  const point = 'return chart.getModel().getComponent("parallel").coordinateSystem'
    + '.dataToPoint(arg[0], "dim" + arg[1]);';
  const from = await chartPoint(page, 'parallel', point, [lo, dim]);
  const to = await chartPoint(page, 'parallel', point, [hi, dim]);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => window.reportSelection != null, null, { timeout: 5000 });
  const shown = await page.$$eval('tr[data-trial]', rows => rows
    .filter(r => getComputedStyle(r).display !== 'none').map(r => r.getAttribute('data-trial')));
  const note = await page.textContent('#selection');
  await shoot(page, 'playwright-lambda-search-brushed-1280.png');
  await page.close();
  const expected = d.ids.filter((id, i) => d.lines[i][dim] >= lo && d.lines[i][dim] <= hi);
  assert.ok(expected.length > 0 && expected.length < d.ids.length, 'a useless brush');
  assert.deepEqual([...shown].sort(), [...expected].sort());
  assert.match(note, new RegExp('^' + expected.length + ' of \\d+ trials shown'));
});

await test('a click on a table header sorts the trials', async () => {
  const { page } = await open(path.join(FULL, 'index.html'));
  const header = page.locator('table.sortable th', { hasText: /^validation accuracy$/ });
  await header.click();
  await header.click();
  const sort = await header.getAttribute('aria-sort');
  const col = await header.evaluate(th => th.cellIndex);
  const cells = await page.$$eval('table.sortable tbody tr', (rows, c) =>
    rows.map(r => r.cells[c].textContent), col);
  await page.close();
  assert.equal(sort, 'descending');
  const numbers = cells.filter(c => c !== 'n/a').map(c => parseFloat(c));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a));
  assert.equal(cells[cells.length - 1], 'n/a', 'a trial without accuracy sorts last');
});

/**
 * Stops a live page's reloads (its timer is window.reportReload) so that a screenshot is not cut
 * short by one, and makes sure that no reload already under way replaced the page meanwhile.
 */
async function pause(page) {
  for (let i = 0; i < 20; i++) {
    try {
      await page.waitForFunction(() => window.reportReload !== undefined
        && document.documentElement.hasAttribute('data-report-check'));
      await page.evaluate(() => { clearTimeout(window.reportReload); window.reportPaused = true; });
      await page.waitForTimeout(1500);
      if (await page.evaluate(() => window.reportPaused === true)) { return; }
    } catch (e) {
      // The page was reloading: try again on the new one.
    }
  }
  throw new Error('the live page never stopped reloading');
}

await test('the live page shows a trial that finished after it was opened', async () => {
  const { page, problems } = await open(path.join(LIVE, 'index.html'));
  await pause(page);
  const running = await page.textContent('body');
  assert.ok(running.includes(LIVE_TRIAL) && /epoch \d+\/\d+/.test(running),
    'the running trial and its epoch are not shown');
  assert.equal(await page.locator(`tr[data-trial="${LIVE_TRIAL}"]`).count(), 0,
    'already finished when opened');
  await shoot(page, 'playwright-live-running-1280.png');
  // Reloading again (the page reloads itself from here on), and then the trial finishes.
  await page.reload();
  console.log('live-opened');
  await page.waitForSelector(`tr[data-trial="${LIVE_TRIAL}"]`, { timeout: 60000 });
  await pause(page);
  assert.equal(await page.locator(`tr[data-trial="${LIVE_TRIAL}"]`).count(), 1);
  await shoot(page, 'playwright-live-finished-1280.png');
  await page.setViewportSize(PHONE);
  await shoot(page, 'playwright-live-finished-phone.png');
  const check = await page.evaluate(() => document.documentElement.getAttribute('data-report-check'));
  await page.close();
  assert.equal(check, 'ok');
  // A load that the page's own reload cut short is aborted, not failed.
  assert.deepEqual(problems.filter(p => !p.includes('net::ERR_ABORTED')), []);
});

await context.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
