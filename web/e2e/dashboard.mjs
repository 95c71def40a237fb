// End-to-end checks of the dashboard in headless Chromium (Debian's, driven by
// playwright-core). Usage: node e2e/dashboard.mjs BASE_URL [SCREENSHOT_DIR]
// Prints one line per check and exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2];
const shots = process.argv[3];
if (shots) mkdirSync(shots, { recursive: true });
const period = '2024-04';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

async function open(path) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  // Nothing may come from outside: every request goes to the server under test.
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push(`external request: ${r.url()}`); });
  const response = await page.goto(base + path);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  return { page, errors, status: response.status() };
}

// Every chart on the page has data in every series.
async function chartsWithData(page) {
  return page.evaluate(() => window.__charts.map((c) => {
    const series = c.chart.getOption().series || [];
    const points = series.reduce((n, s) => n + ((s.data && s.data.length) || 0), 0);
    return { id: c.id, points };
  }));
}

async function downloadText(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8').replace(/^\ufeff/, '') };
}

function parseCsv(text) {
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const pages = [
  ['overview', `/?period=${period}`],
  ['linkage-trade', `/linkage/trade?period=${period}`],
  ['linkage-investment', `/linkage/investment?period=${period}`],
  ['linkage-outsourcing', `/linkage/outsourcing?period=${period}`],
  ['linkage-cooperation', `/linkage/cooperation?period=${period}`],
  ['linkage-talent', `/linkage/talent?period=${period}`],
  ['map', `/map?period=${period}`],
  ['world', `/world?period=${period}`],
  ['products', `/products?period=${period}`],
  ['markets', `/markets?period=${period}`],
  ['brief', `/brief?period=${period}`],
  ['targets', `/targets?period=${period}`],
];

for (const lang of ['zh', 'en']) {
  for (const [name, path] of pages) {
    const { page, errors, status } = await open(`${path}&lang=${lang}`);
    check(status === 200, `${name} (${lang}) answers 200`);
    check(errors.length === 0, `${name} (${lang}) has no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
    check(await page.isVisible('#synthetic-banner'), `${name} (${lang}) labels the demo data as synthetic`);
    if (name !== 'brief') {
      const charts = await chartsWithData(page);
      check(charts.length > 0 && charts.every((c) => c.points > 0), `${name} (${lang}) draws ${charts.length} charts, all with data`);
    } else {
      check(await page.locator('#brief h1').count() === 1 && await page.locator('#brief svg').count() >= 2, `brief (${lang}) shows its text and charts`);
    }
    if (shots && (lang === 'zh' || name === 'overview' || name === 'map')) await page.screenshot({ path: join(shots, `${name}-${lang}.png`), fullPage: name !== 'targets' && name !== 'linkage-trade' });
    await page.close();
  }
}

// The markets page states the products new to the province over the store's years as
// the API counts them (the demo's 79 headings move together: it has none).
{
  const { page } = await open(`/markets?period=${period}&lang=en`);
  const { worldFrom: from, worldTo: to } = await page.evaluate(() => ({ ...document.body.dataset }));
  const api = await (await fetch(`${base}/api/v1/new-products?from=${from}&to=${to}&top=20`)).json();
  const heading = await page.textContent('#new-products');
  const rows = await page.locator('#new-products-table tr').count();
  const none = await page.locator('#new-products-none').count();
  check(heading.includes(`: ${api.count} / ${api.products}`) && (api.new.length ? rows === api.new.length + 1 : none === 1),
    `the markets page states ${api.count} new products of ${api.products}, as /api/v1/new-products`);
  await page.close();
}

// The language switch.
{
  const { page } = await open(`/?period=${period}&lang=zh`);
  check(await page.getAttribute('html', 'lang') === 'zh-CN' && (await page.textContent('nav')).includes('总览'), 'the overview opens in Chinese');
  await Promise.all([page.waitForNavigation(), page.click('#lang-switch')]);
  await page.waitForSelector('body[data-ready="true"]');
  check(await page.getAttribute('html', 'lang') === 'en' && (await page.textContent('nav')).includes('Overview'), 'the switch turns it into English');
  check(new URL(page.url()).searchParams.get('period') === period, 'the switch keeps the month');
  await page.close();
}

// The map shows the 21 cities.
{
  const { page } = await open(`/map?period=${period}&lang=zh`);
  const regions = await page.evaluate(() => echarts.getMap('guangdong').geoJSON.features.length);
  const data = await page.evaluate(() => window.__charts[0].chart.getOption().series[0].data.filter((d) => d.value != null).length);
  check(regions === 21 && data === 21, `the map has ${regions} cities, ${data} with a value`);
  await page.selectOption('#map-figure', 'ytd_yoy');
  await page.waitForFunction(() => window.__charts.length === 1 && window.__charts[0].id === 'chart-map');
  check(true, 'the map changes figure');
  await page.close();
}

// Downloads hold the API's numbers.
{
  const { page } = await open(`/?period=${period}&lang=en`);
  const api = await (await fetch(`${base}/api/v1/overview?period=${period}`)).json();
  const { name, text } = await downloadText(page, '#overview-csv');
  const rows = parseCsv(text);
  const same = api.linkages.filter((l) => !l.empty).every((l) => {
    const r = rows.find((x) => x.linkage === l.linkage);
    return r && Number(r.ytd) === l.figures.ytd && Number(r.ytd_yoy) === l.figures.ytd_yoy;
  });
  check(name.endsWith('.csv') && rows.length === 5 && same, `overview CSV (${name}) matches /api/v1/overview`);
  await page.close();
}
{
  const { page } = await open(`/linkage/trade?period=${period}&lang=en`);
  const selector = '#chart-city .download-csv';
  const { text } = await downloadText(page, selector);
  const api = await (await fetch(`${base}/api/v1/indicators?indicator=trade&period=${period}&by=city`)).json();
  const rows = parseCsv(text);
  const same = rows.length === api.rows.length && rows.every((r) => {
    const a = api.rows.find((x) => x.member === r.member);
    return a && Number(r.ytd) === a.ytd && Number(r.share) === a.share;
  });
  check(same, `trade by city CSV matches /api/v1/indicators (${rows.length} cities)`);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#chart-city .download-xlsx')]);
  const bytes = readFileSync(await xlsx.path());
  check(bytes.subarray(0, 2).toString() === 'PK', `trade by city XLSX downloads (${xlsx.suggestedFilename()})`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#chart-city .download-png')]);
  const image = readFileSync(await png.path());
  check(image.subarray(1, 4).toString() === 'PNG', 'a chart downloads as a PNG image');
  await page.close();
}

await browser.close();
console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
process.exit(failures === 0 ? 0 : 1);
