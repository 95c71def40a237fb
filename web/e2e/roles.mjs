// End-to-end checks of accounts and roles in headless Chromium: a city bureau signs in and
// reads its own city's brief but not another city's; the policy office records progress in
// the targets form and the scoreboard shows it; the targets by city, a city bureau's on its
// own city; the admin reads the project pipeline and
// filters it by city, the city bureau only its own; the admin's audit page lists both.
// Usage: node e2e/roles.mjs BASE_URL PASSWORD (accounts shenzhen, policy and admin exist).
import { chromium } from 'playwright-core';

const [base, password] = process.argv.slice(2);
const period = '2024-04';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failures = 0;

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures += 1;
}

// A fresh browser (its own cookies) signed in through the login form, on the page `next`.
async function signIn(name, next) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}/login?lang=zh&next=${encodeURIComponent(next)}`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  check((await page.textContent('#signed-in')).includes(name), `${name} signs in and lands on ${new URL(page.url()).pathname}`);
  return { context, page, errors };
}

// The city bureau of Shenzhen: its brief, not Guangzhou's.
{
  const { context, page, errors } = await signIn('shenzhen', `/brief?period=${period}`);
  await page.waitForSelector('#brief h1', { timeout: 60000 });
  const title = await page.textContent('#brief h1');
  check(title.includes('深圳'), `the city bureau opens on its city's brief: "${title}"`);
  const options = await page.$$eval('#brief-city option', (o) => o.map((x) => x.value));
  check(options.join(',') === ',440300', `it may choose only the province's and its own brief (${options.join(',')})`);
  check(errors.length === 0, `its brief page has no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  const other = await page.goto(`${base}/brief?period=${period}&city=440100&lang=zh`);
  check(other.status() === 403, `another city's brief page is refused (${other.status()})`);
  const api = await page.evaluate(async (p) => (await fetch(`/api/v1/brief?period=${p}&city=440100`)).status, period);
  check(api === 403, `another city's brief is refused by the API too (${api})`);
  await context.close();
}

// The policy office records progress through the form.
const today = new Date().toISOString().slice(0, 10);
const value = '4321';
let target = '';
{
  const { context, page } = await signIn('policy', '/targets?lang=zh');
  target = await page.$eval('#record-target', (s) => s.value);
  const title = (await page.$eval('#record-target', (s) => s.options[s.selectedIndex].text)).replace(/ \([^)]*\)$/, '');
  await page.fill('#record-value', value);
  await page.fill('#record-date', today);
  await page.fill('#record-source', 'e2e form');
  await Promise.all([page.waitForNavigation(), page.click('#record-submit')]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  check(await page.isVisible('#recorded'), `the form stores the record (${await page.textContent('#recorded')})`);
  const row = await page.$$eval('#scoreboard-table tr', (rows, t) => {
    const r = rows.find((x) => x.cells[0] && x.cells[0].textContent === t);
    return r ? r.cells[2].textContent : null;
  }, title);
  check(row !== null && row.replace(/,/g, '').includes(value), `the scoreboard shows it for "${title}": ${row}`);
  const parts = await page.$$eval('#measures-table tr.part', (r) => r.map((x) => x.textContent));
  const measures = await page.$$eval('#measures-table tr.measure', (r) => r.length);
  const judged = await page.$$eval('#measures-table tr.measure:not(.judgement-none)', (r) => r.length);
  check(parts.length >= 6 && parts[0].startsWith('一、') && measures >= 21 && judged > 0,
    `the board lists every measure by part (${parts.length} parts, ${measures} measures, ${judged} judged)`);
  await context.close();
}

// Targets down to the cities: the board of every city, one city chosen, and a city bureau's
// board, which opens on its own city.
{
  const { context, page, errors } = await signIn('policy', '/targets?lang=zh');
  const lines = await page.$$eval('#cities-table tr.city-line', (r) => r.map((x) => x.dataset.city));
  const reconciled = await page.$$eval('#cities-board p.reconciled', (p) => p.map((x) => x.textContent));
  check(new Set(lines).size >= 17 && reconciled.length >= 4 && reconciled.every((t) => t.includes('合计')),
    `the targets page shows every split target by city (${lines.length} lines, ${new Set(lines).size} cities) and the sums: ${reconciled[0]}`);
  await Promise.all([page.waitForNavigation(), page.selectOption('#targets-city', '440100')]);
  await page.waitForSelector('#cities-table', { timeout: 60000 });
  const chosen = await page.$$eval('#cities-table tr.city-line', (r) => r.map((x) => x.cells[1].textContent));
  check(chosen.length >= 4 && chosen.every((c) => c === '广州'), `chosen a city, the board is Guangzhou's (${chosen.length} lines)`);
  check(errors.length === 0, `the targets page has no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}
{
  const { context, page } = await signIn('shenzhen', '/targets?lang=zh');
  await page.waitForSelector('#cities-table', { timeout: 60000 });
  const own = await page.$$eval('#cities-table tr.city-line', (r) => r.map((x) => x.dataset.city));
  const selected = await page.$eval('#targets-city', (s) => s.value);
  check(selected === '440300' && own.length >= 4 && own.every((c) => c === '440300'), `a city bureau's targets page opens on its own city's board (${own.length} lines)`);
  await context.close();
}

// The project pipeline: the funnel with data, then filtered by city (the page reloads with
// the city's projects only); a city bureau is offered its own city only.
{
  const { context, page, errors } = await signIn('admin', '/pipeline?lang=zh');
  const funnel = await page.evaluate(() => {
    const c = window.__charts.find((x) => x.id === 'chart-funnel');
    return c ? c.table.rows : null;
  });
  check(funnel !== null && funnel.length === 5 && funnel[0][1] >= 1370, `the pipeline page draws the funnel: ${JSON.stringify(funnel)}`);
  const kpi = await page.textContent('#pipeline-kpis');
  check(kpi.includes('履约率') && kpi.includes('%'), `it shows the rates: ${kpi.slice(0, 80)}`);
  await Promise.all([page.waitForNavigation(), page.selectOption('#pipeline-city', '440800')]);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  const cities = await page.$$eval('#projects-table tr', (rows) => rows.slice(1).map((r) => r.cells[4].textContent));
  check(cities.length > 0 && cities.every((c) => c === '湛江'), `filtered by city, every project is Zhanjiang's (${cities.length}: ${[...new Set(cities)].join(',')})`);
  check(errors.length === 0, `the pipeline page has no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await context.close();
}
{
  const { context, page } = await signIn('shenzhen', '/pipeline?lang=zh');
  const options = await page.$$eval('#pipeline-city option', (o) => o.map((x) => x.value));
  check(options.join(',') === '440300', `a city bureau's pipeline offers its own city only (${options.join(',')})`);
  const cities = await page.$$eval('#projects-table tr', (rows) => rows.slice(1).map((r) => r.cells[4].textContent));
  check(cities.length > 0 && cities.every((c) => c === '深圳'), `and lists only its city's projects (${cities.length})`);
  await context.close();
}

// The admin's audit page lists the city bureau's sign-in and the policy office's record.
{
  const { context, page } = await signIn('admin', '/admin?lang=en');
  const rows = await page.$$eval('#audit tr', (r) => r.map((x) => Array.from(x.cells).map((c) => c.textContent)));
  const login = rows.some((r) => r[2] === 'shenzhen' && r[5] === 'login' && r[7] === 'ok');
  const record = rows.some((r) => r[2] === 'policy' && r[5] === 'record_progress' && r[6].includes('/targets/record') && r[7] === 'ok');
  check(login, 'the audit page lists the city bureau\'s sign-in');
  check(record, 'the audit page lists the policy office\'s record');
  await context.close();
}

await browser.close();
console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
process.exit(failures === 0 ? 0 : 1);
