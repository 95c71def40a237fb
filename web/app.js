// The Linkages dashboard: every chart draws numbers fetched from /api/v1, and offers them
// back as an image, CSV (the API's numbers at full precision) and XLSX (an API download).
'use strict';

const LANG = document.body.dataset.lang === 'en' ? 'en' : 'zh';
const PERIOD = document.body.dataset.period;
const ZH = LANG === 'zh';
window.__charts = [];

// Page words. The figures' labels (ytd, ytd_yoy, share, …) are not here: they come from
// /api/v1/reference/figures, the list the tables and the brief use.
const T = {
  this_year: ['今年', 'this year'], last_year: ['上年', 'last year'], image: ['图片', 'Image'],
  by: ['按', 'by '], months: ['月度走势', 'By month'],
  linkage: ['联动', 'Linkage'], indicator: ['指标', 'Indicator'], unit: ['单位', 'Unit'], member: ['代码', 'Code'],
  name: ['名称', 'Name'], status: ['状态', 'Status'], latest: ['最新值', 'Latest'], target: ['目标值', 'Target'],
  deadline: ['期限', 'Deadline'], progress: ['完成进度%', 'Progress %'], source: ['来源', 'Source'],
  pace: ['时间进度', 'Against the calendar'],
  history: ['进展历史', 'History'], top_partners: ['前20大贸易伙伴（累计）', 'Top 20 partners (year to date)'],
  groups: ['伙伴组别', 'Partner groups'], export_groups: ['重点商品出口', 'Exports by product group'],
  chapters: ['HS章出口前20', 'Top 20 HS chapters, exports'], opportunities: ['发展机会', 'Opportunities'],
  product_space: ['产品空间', 'Product space'], product: ['商品', 'Product'], density: ['密度', 'Density'],
  score: ['综合得分', 'Score'], overview: ['五外联动', 'The five linkages'], map: ['地图', 'Map'],
  partner_group: ['伙伴组别', 'partner group'], product_group: ['商品组别', 'product group'], city: ['地市', 'city'],
  trade_mode: ['贸易方式', 'trade mode'], flow: ['进出口', 'flow'], enterprise_type: ['企业性质', 'enterprise type'],
  hs2: ['HS章', 'HS chapter'], industry: ['行业', 'industry'], category: ['类别', 'category'], shore: ['离岸/在岸', 'shore'],
  kind: ['类型', 'kind'], source_group: ['来源地组别', 'source group'], client_group: ['发包方组别', 'client group'],
  destination_group: ['目的地组别', 'destination group'], origin_group: ['来源国组别', 'origin group'],
  achieved: ['已完成', 'achieved'], on_track: ['进度正常', 'on track'], at_risk: ['存在风险', 'at risk'],
  off_track: ['进度滞后', 'off track'], no_data: ['暂无数据', 'no data'],
  stage_promoted: ['推介', 'promoted'], stage_negotiating: ['洽谈', 'negotiating'], stage_signed: ['签约', 'signed'],
  stage_started: ['开工', 'started'], stage_producing: ['投产', 'in production'],
  diversification: ['出口集中度（HHI）与前五位占比', 'Concentration of exports (HHI) and top-5 share'],
  by_market: ['按市场', 'by market'], by_product: ['按商品', 'by product'], top5: ['前五位占比', 'top-5 share'],
  cms: ['出口增长来源（恒定市场份额分解）', 'Sources of export growth (constant market share)'],
  before: ['基期出口', 'first year'], after: ['末期出口', 'last year'], world_demand: ['世界需求效应', 'world demand'],
  commodity_composition: ['商品结构效应', 'commodity composition'], market_distribution: ['市场分布效应', 'market distribution'],
  competitiveness: ['竞争力效应', 'competitiveness'], new_markets: ['新增市场', 'New markets'], lost_markets: ['流失市场', 'lost markets'],
  potential: ['出口潜力', 'Export potential'], actual: ['实际出口', 'actual'], unrealized: ['未实现潜力', 'unrealized potential'],
  market: ['市场', 'market'], exports: ['出口', 'exports'], by_supplier: ['进口按来源地', 'imports by supplier'],
  new_products: ['新增优势商品（前三年RCA<0.5，后三年RCA≥1）', 'New products (RCA below 0.5 for three years, then at least 1 for three)'],
  no_new_products: ['窗口期内没有商品符合新增优势商品的条件。', 'No product became new over the window.'],
};
const FIGURES = {};
const t = (k) => {
  const words = T[k] || FIGURES[k];
  return words ? words[ZH ? 0 : 1] : k;
};

async function loadFigureLabels() {
  for (const f of await api('/api/v1/reference/figures')) FIGURES[f.code] = [f.name_zh, f.name_en];
}

const UNIT = { cny: ['亿元', '100m yuan', 1e8], usd: ['亿美元', '100m USD', 1e8], count: ['', '', 1] };
// A count's unit is what it counts (人, 家, 个), given with the figures.
const unitLabel = (u, counted) => (u === 'count' && counted ? counted[ZH ? 'zh' : 'en'] : UNIT[u][ZH ? 0 : 1]);
const scale = (v, u) => (v == null ? null : v / UNIT[u][2]);
const fmt = (v, d = 1) => (v == null ? '–' : Number(v).toLocaleString(ZH ? 'zh-CN' : 'en', { minimumFractionDigits: d, maximumFractionDigits: d }));
const name = (row) => (row.member === 'total' ? (ZH ? '合计' : 'Total') : (ZH ? row.name_zh : row.name_en) || row.member);

// A target's value in its unit: yuan in 亿元, rates in %, counts with their unit word
// (`counted` of the scoreboard's line: 10家, 10 firms).
function targetValue(v, unit, counted) {
  if (v == null) return '–';
  if (unit === 'yuan') return `${fmt(v / 1e8, 1)} ${unitLabel('cny')}`;
  if (unit === 'percent') return `${fmt(v, 1)}%`;
  if (counted) return ZH ? `${fmt(v, 0)}${counted.zh}` : `${fmt(v, 0)} ${v === 1 ? counted.en_one : counted.en}`;
  return `${fmt(v, 0)} ${unit}`;
}

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function download(filename, blob) {
  const a = el('a', { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

function csv(table) {
  const cell = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [table.header, ...table.rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

// A chart in a card, with its data table (the API's numbers) and three downloads.
function chartCard(parent, id, title, option, table, xlsxUrl, height = 320) {
  const box = el('div', { class: 'chart', style: `height:${height}px` });
  const actions = el('div', { class: 'actions' });
  const card = el('section', { class: 'card', id }, el('h3', { text: title }), box, actions);
  parent.append(card);
  const chart = echarts.init(box);
  chart.setOption(Object.assign({ animation: false, tooltip: { trigger: 'axis' } }, option));
  window.__charts.push({ id, title, chart, table });
  const button = (label, cls, onClick) => {
    const b = el('button', { type: 'button', class: cls, text: label });
    b.addEventListener('click', onClick);
    actions.append(b);
  };
  button(t('image'), 'download-png', () => {
    const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    fetch(url).then((r) => r.blob()).then((b) => download(`${id}.png`, b));
  });
  button('CSV', 'download-csv', () => download(`${id}.csv`, new Blob(['\ufeff' + csv(table)], { type: 'text/csv' })));
  if (xlsxUrl) actions.append(el('a', { class: 'download-xlsx', href: xlsxUrl, text: 'XLSX' }));
  fit(chart, box);
  return chart;
}

// Charts follow their box: grids change column widths as cards are added.
function fit(chart, box) {
  new ResizeObserver(() => chart.resize()).observe(box);
}

function fail(parent, error) {
  parent.append(el('p', { class: 'error', text: String(error.message || error) }));
}

function indicatorUrl(params, format) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x)); else if (v != null) q.set(k, v);
  }
  if (format) { q.set('format', format); q.set('lang', LANG); }
  return '/api/v1/indicators?' + q.toString();
}

// A breakdown as horizontal bars of the year to date, growth in the tooltip.
async function breakdown(parent, params, title, top = 25) {
  const data = await api(indicatorUrl(params));
  const rows = data.rows.slice(0, top);
  const unit = data.unit;
  const table = {
    header: ['member', 'name', 'ytd', 'ytd_yoy', 'share', 'contribution', 'unit'],
    rows: rows.map((r) => [r.member, name(r), r.ytd, r.ytd_yoy, r.share, r.contribution, unit]),
  };
  const names = rows.map(name).reverse();
  chartCard(parent, `chart-${params.by}${params.filter ? '-' + [].concat(params.filter).join('-').replace(/=/g, '_') : ''}`,
    `${title} (${unitLabel(unit, data.counted) || t('ytd')})`, {
      grid: { left: 130, right: 30, top: 20, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, axisLabel: { width: 120, overflow: 'truncate' } },
      tooltip: { trigger: 'axis', formatter: (ps) => {
        const r = rows[rows.length - 1 - ps[0].dataIndex];
        return `${name(r)}<br>${t('ytd')}: ${fmt(scale(r.ytd, unit), 2)}<br>${t('ytd_yoy')}: ${fmt(r.ytd_yoy)}<br>${t('share')}: ${fmt(r.share)}`;
      } },
      series: [{ type: 'bar', data: rows.map((r) => scale(r.ytd, unit)).reverse(), itemStyle: { color: '#5470c6' } }],
    }, table, indicatorUrl(params, 'xlsx'), Math.max(220, 24 * rows.length + 60));
}

async function monthsChart(parent, indicator, filters = []) {
  const q = new URLSearchParams({ indicator, period: PERIOD });
  filters.forEach((f) => q.append('filter', f));
  const s = await api('/api/v1/series?' + q);
  const year = Number(PERIOD.slice(0, 4));
  const byYear = (y) => Array.from({ length: 12 }, (_, i) => {
    const p = `${y}-${String(i + 1).padStart(2, '0')}`;
    const v = s.values.find((x) => x.period === p);
    return v ? scale(v.value, s.unit) : null;
  });
  const table = { header: ['period', 'value', 'unit'], rows: s.values.map((v) => [v.period, v.value, s.unit]) };
  chartCard(parent, `chart-months-${indicator}`, `${t('months')} (${unitLabel(s.unit, s.counted)})`, {
    legend: {}, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: Array.from({ length: 12 }, (_, i) => (ZH ? `${i + 1}月` : String(i + 1))) },
    yAxis: { type: 'value' },
    series: [
      { name: `${year - 1}`, type: 'line', data: byYear(year - 1) },
      { name: `${year}`, type: 'line', data: byYear(year) },
    ],
  }, table, null);
}

// The slice adjusted for its season and the Spring Festival: raw, adjusted or trend, one
// at a time (the legend chooses), and the months projected ahead with their 80% and 95%
// ranges and the backtest's error.
async function outlookCharts(parent, indicator) {
  const q = new URLSearchParams({ indicator, period: PERIOD });
  const a = await api('/api/v1/adjust?' + q);
  const adj = a.adjusted;
  const unit = a.unit;
  const names = [ZH ? '原值' : 'Raw', ZH ? '季调后' : 'Adjusted', ZH ? '趋势' : 'Trend'];
  const selected = Object.fromEntries(names.map((n, i) => [n, i === 1]));
  const table = { header: ['period', 'raw', 'adjusted', 'trend', 'seasonal', 'holiday'],
    rows: adj.periods.map((p, i) => [p, adj.raw[i], adj.adjusted[i], adj.trend[i], adj.seasonal[i], adj.holiday[i]]) };
  chartCard(parent, `chart-adjusted-${indicator}`, `${ZH ? '季节调整（含春节）' : 'Seasonally adjusted (with the Spring Festival)'} (${unitLabel(unit)})`, {
    legend: { selectedMode: 'single', selected }, tooltip: { trigger: 'axis' }, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: adj.periods }, yAxis: { type: 'value', scale: true },
    series: [adj.raw, adj.adjusted, adj.trend].map((v, i) => ({ name: names[i], type: 'line', symbol: 'none', data: v.map((x) => scale(x, unit)) })),
  }, table, null);
  const o = await api('/api/v1/project?' + q);
  const p = o.projection;
  const past = adj.periods.slice(-24);
  const x = past.concat(p.periods);
  const pad = (v) => Array(past.length).fill(null).concat(v.map((y) => scale(y, unit)));
  const band = (lo, hi, name, opacity) => [
    { name, type: 'line', stack: name, symbol: 'none', lineStyle: { opacity: 0 }, data: pad(lo) },
    { name, type: 'line', stack: name, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { opacity },
      data: pad(hi.map((h, i) => h - lo[i])) },
  ];
  const h = o.backtest.horizons.find((z) => z.months === o.quoted_horizon);
  const err = h ? ` · ${ZH ? '回测误差' : 'backtest error'} ${fmt(h.mape)}% (${ZH ? '朴素法' : 'naive'} ${fmt(h.naive_mape)}%)` : '';
  chartCard(parent, `chart-projection-${indicator}`, `${ZH ? '预测（80%/95%区间）' : 'Projection (80%/95% ranges)'}${err}`, {
    legend: {}, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: x }, yAxis: { type: 'value', scale: true },
    series: [
      { name: names[0], type: 'line', symbol: 'none', data: adj.raw.slice(-24).map((v) => scale(v, unit)) },
      { name: ZH ? '预测' : 'Projected', type: 'line', symbol: 'none', lineStyle: { type: 'dashed' }, data: pad(p.point) },
      ...band(p.lower_95, p.upper_95, '95%', 0.12), ...band(p.lower_80, p.upper_80, '80%', 0.25),
    ],
  }, { header: ['period', 'point', 'lower_80', 'upper_80', 'lower_95', 'upper_95'],
    rows: p.periods.map((m, i) => [m, p.point[i], p.lower_80[i], p.upper_80[i], p.lower_95[i], p.upper_95[i]]) }, null);
}

// The constant market share decomposition as a waterfall: the first year's exports, the
// four effects (each a step up or down) and the last year's, in 亿美元.
function waterfall(parent, m) {
  const e = m.two_level;
  const steps = [['before', e.before], ['world_demand', e.world_demand], ['commodity_composition', e.commodity_composition],
    ['market_distribution', e.market_distribution], ['competitiveness', e.competitiveness], ['after', e.after]];
  let level = 0;
  const base = [];
  const size = [];
  steps.forEach(([k, v], i) => {
    const whole = i === 0 || i === steps.length - 1;
    const from = whole ? 0 : level;
    const to = whole ? v : level + v;
    base.push(Math.min(from, to) / 1e8);
    size.push({ value: Math.abs(to - from) / 1e8, itemStyle: { color: whole ? '#5470c6' : v >= 0 ? '#91cc75' : '#ee6666' } });
    level = whole ? v : level + v;
  });
  const table = { header: ['step', 'usd'], rows: steps.map(([k, v]) => [k, v]) };
  chartCard(parent, 'chart-cms', `${t('cms')} ${m.from}–${m.to} (${UNIT.usd[ZH ? 0 : 1]})`, {
    grid: { left: 70, right: 20, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: steps.map(([k]) => t(k)), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', stack: 'w', data: base, itemStyle: { color: 'transparent' }, tooltip: { show: false } },
      { type: 'bar', stack: 'w', data: size, label: { show: true, position: 'top', formatter: (x) => fmt(x.value, 1) } },
    ],
  }, table, null, 320);
}

function potentialTable(parent, p) {
  parent.append(el('h3', { text: `${t('potential')} · ${p.region} ${p.year} (${UNIT.usd[ZH ? 0 : 1]})` }));
  const tbl = el('table', { class: 'data', id: 'potential-table' });
  tbl.append(el('tr', {}, ...['#', `${t('product')} ${t('market')}`, t('potential'), t('actual'), t('unrealized')].map((h) => el('th', { text: h }))));
  p.cells.slice(0, 20).forEach((c, i) => tbl.append(el('tr', {}, el('td', { text: i + 1 }), el('td', { text: c.name }),
    ...[c.potential, c.actual, c.unrealized].map((v) => el('td', { class: 'num', text: fmt(v / 1e8, 2) })))));
  parent.append(tbl);
}

function newProductsTable(parent, n) {
  parent.append(el('h3', { id: 'new-products', text: `${t('new_products')} · ${n.region} ${n.from}–${n.to}: ${n.count} / ${n.products}` }));
  const tbl = el('table', { class: 'data', id: 'new-products-table' });
  tbl.append(el('tr', {}, ...[t('product'), `${t('exports')} ${n.to} (${UNIT.usd[ZH ? 0 : 1]})`, 'PCI', `RCA ${n.from}`, `RCA ${n.to}`].map((h) => el('th', { text: h }))));
  if (!n.new.length) { parent.append(el('p', { class: 'muted', id: 'new-products-none', text: t('no_new_products') })); return; }
  n.new.forEach((p) => tbl.append(el('tr', {}, el('td', { text: p.product }), el('td', { class: 'num', text: fmt(p.exports / 1e8, 2) }),
    el('td', { class: 'num', text: p.pci == null ? '–' : fmt(p.pci, 2) }),
    ...[p.rca[0], p.rca[p.rca.length - 1]].map((v) => el('td', { class: 'num', text: fmt(v, 2) })))));
  parent.append(tbl);
}

// Unrealized potential of the ten markets × ten products with the most of it.
function heatMap(parent, p) {
  const markets = p.markets.slice(0, 10).map((x) => x.name);
  const products = p.products.slice(0, 10).map((x) => x.name);
  const data = [];
  for (const c of p.cells) {
    const [product, market] = c.name.split(' ');
    const x = products.indexOf(product);
    const y = markets.indexOf(market);
    if (x >= 0 && y >= 0) data.push([x, y, c.unrealized / 1e8]);
  }
  const values = data.map((d) => d[2]);
  const table = { header: ['product', 'market', 'unrealized_usd'], rows: data.map(([x, y, v]) => [products[x], markets[y], v * 1e8]) };
  chartCard(parent, 'chart-potential-heat', `${t('unrealized')} · ${t('market')} × ${t('product')} (${UNIT.usd[ZH ? 0 : 1]})`, {
    tooltip: { position: 'top' }, grid: { left: 60, right: 20, top: 20, bottom: 80 },
    xAxis: { type: 'category', data: products, axisLabel: { rotate: 45 } }, yAxis: { type: 'category', data: markets },
    visualMap: { min: Math.min(0, ...values), max: Math.max(0, ...values), calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
    series: [{ type: 'heatmap', data, label: { show: false } }],
  }, table, null, 420);
}

const PAGES = {
  async overview() {
    const data = await api(`/api/v1/overview?period=${PERIOD}`);
    document.getElementById('period-label').textContent = data.linkages[0].period || data.period;
    const cards = document.getElementById('cards');
    const rows = [];
    for (const l of data.linkages) {
      const card = el('section', { class: 'card linkage', id: `card-${l.linkage}` });
      card.append(el('h3', {}, el('a', { href: `/linkage/${l.linkage}?lang=${LANG}&period=${PERIOD}`, text: ZH ? l.name_zh : l.name_en })));
      cards.append(card);
      if (l.empty) { card.append(el('p', { class: 'muted', text: t('no_data') })); continue; }
      const f = l.figures;
      const unit = l.unit;
      card.append(el('div', { class: 'muted', text: `${ZH ? l.indicator_zh : l.indicator_en} · ${t('ytd')} ${l.period}` }));
      card.append(el('div', { class: 'big', text: `${fmt(scale(f.ytd, unit), unit === 'count' ? 0 : 1)} ${unitLabel(unit, l.counted)}` }));
      const g = f.ytd_yoy;
      card.append(el('div', { class: g == null ? 'muted' : g >= 0 ? 'up' : 'down', text: `${t('ytd_yoy')} ${fmt(g)}` }));
      if (l.outlook) card.append(el('p', { class: 'outlook muted', text: ZH ? l.outlook.text_zh : l.outlook.text_en }));
      const spark = el('div', { class: 'spark' });
      card.append(spark);
      const chart = echarts.init(spark);
      fit(chart, spark);
      chart.setOption({ animation: false, grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: 'category', show: false, data: l.sparkline.map((p) => p[0]) }, yAxis: { type: 'value', show: false },
        series: [{ type: 'line', symbol: 'none', areaStyle: { opacity: 0.15 }, data: l.sparkline.map((p) => scale(p[1], unit)) }] });
      window.__charts.push({ id: `spark-${l.linkage}`, title: l.linkage, chart, table: { header: ['period', 'value'], rows: l.sparkline } });
      rows.push([l.linkage, l.indicator, f.month_value, f.month_yoy, f.ytd, f.ytd_yoy, unit, l.provenance.dataset, l.provenance.version]);
    }
    const table = { header: ['linkage', 'indicator', 'month_value', 'month_yoy', 'ytd', 'ytd_yoy', 'unit', 'dataset', 'version'], rows };
    const box = document.getElementById('overview-table');
    box.append(el('h3', { text: t('overview') }));
    const tbl = el('table', { class: 'data' });
    tbl.append(el('tr', {}, ...[t('linkage'), t('month_value'), t('month_yoy'), t('ytd'), t('ytd_yoy'), t('unit')].map((h) => el('th', { text: h }))));
    for (const l of data.linkages.filter((x) => !x.empty)) {
      const f = l.figures;
      tbl.append(el('tr', {}, el('td', { text: ZH ? l.name_zh : l.name_en }),
        ...[scale(f.month_value, l.unit), f.month_yoy, scale(f.ytd, l.unit), f.ytd_yoy].map((v) => el('td', { class: 'num', text: fmt(v, 2) })),
        el('td', { text: unitLabel(l.unit, l.counted) || '—' })));
    }
    box.append(tbl);
    const b = el('button', { type: 'button', class: 'download-csv', id: 'overview-csv', text: 'CSV' });
    b.addEventListener('click', () => download(`overview-${PERIOD}.csv`, new Blob(['\ufeff' + csv(table)], { type: 'text/csv' })));
    box.append(el('div', { class: 'actions' }, b));
  },

  async linkage() {
    const charts = document.getElementById('charts');
    const indicator = document.body.dataset.indicator;
    await monthsChart(charts, indicator);
    try {
      await outlookCharts(charts, indicator);
    } catch (e) { fail(charts, e); }
    for (const by of document.body.dataset.breakdowns.split(',').filter(Boolean)) {
      try {
        await breakdown(charts, { indicator, period: PERIOD, by }, `${t('by')}${t(by)}`);
      } catch (e) { fail(charts, e); }
    }
  },

  async map() {
    const charts = document.getElementById('charts');
    const geo = await (await fetch('/assets/guangdong.json')).json();
    // Features carry their GB/T 2260 code as id: match the API's city codes on it.
    geo.features.forEach((f) => { f.properties.code = String(f.id); });
    echarts.registerMap('guangdong', geo);
    const draw = async () => {
      charts.innerHTML = '';
      window.__charts = [];
      const indicator = document.getElementById('map-indicator').value;
      const figure = document.getElementById('map-figure').value;
      const params = { indicator, period: PERIOD, by: 'city' };
      const data = await api(indicatorUrl(params));
      const value = (r) => (figure === 'ytd' ? scale(r.ytd, data.unit) : r[figure]);
      const values = data.rows.map(value).filter((v) => v != null);
      const table = { header: ['city', 'name', figure, 'unit'], rows: data.rows.map((r) => [r.member, name(r), r[figure], data.unit]) };
      chartCard(charts, 'chart-map', `${ZH ? data.name_zh : data.name_en} · ${t(figure)}${figure === 'ytd' ? ' (' + unitLabel(data.unit, data.counted) + ')' : ''}`, {
        tooltip: { trigger: 'item', formatter: (p) => `${p.data ? p.data.label : p.name}: ${fmt(p.value, 2)}` },
        visualMap: { min: Math.min(...values, 0), max: Math.max(...values, 1), calculable: true, left: 10, bottom: 10,
          inRange: { color: ['#e0ecf8', '#5470c6', '#203a80'] } },
        series: [{ type: 'map', map: 'guangdong', nameProperty: 'code', roam: false,
          label: { show: true, fontSize: 10, formatter: (p) => (p.data ? p.data.label : '') },
          data: data.rows.map((r) => ({ name: r.member, value: value(r), label: name(r) })) }],
      }, table, indicatorUrl(params, 'xlsx'), 560);
    };
    document.getElementById('map-indicator').addEventListener('change', draw);
    document.getElementById('map-figure').addEventListener('change', draw);
    await draw();
  },

  async world() {
    const charts = document.getElementById('charts');
    await breakdown(charts, { indicator: 'trade', period: PERIOD, by: 'partner_group' }, t('groups'));
    await breakdown(charts, { indicator: 'trade', period: PERIOD, by: 'partner' }, t('top_partners'), 20);
    await breakdown(charts, { indicator: 'fdi_actual', period: PERIOD, by: 'source' }, ZH ? '外资来源地' : 'FDI by source', 15);
    await breakdown(charts, { indicator: 'odi', period: PERIOD, by: 'destination' }, ZH ? '对外直接投资目的地' : 'Outward direct investment by destination', 15);
  },

  async products() {
    const charts = document.getElementById('charts');
    await breakdown(charts, { indicator: 'trade', period: PERIOD, by: 'product_group', filter: ['flow=export'] }, t('export_groups'));
    await breakdown(charts, { indicator: 'trade', period: PERIOD, by: 'hs2', filter: ['flow=export'] }, t('chapters'), 20);
    const year = document.body.dataset.worldYear;
    if (!year) return;
    const box = document.getElementById('opportunities');
    // A city bureau sees its own city's product space; everyone else the province's.
    const region = document.body.dataset.city || 'GD';
    const o = await api(`/api/v1/opportunities?region=${region}&year=${year}&top=30`);
    box.append(el('h3', { text: `${t('opportunities')} · ${region} ${o.year} · ECI ${fmt(o.eci, 2)} (#${o.eci_rank}/${o.locations})` }));
    const tbl = el('table', { class: 'data', id: 'opportunities-table' });
    tbl.append(el('tr', {}, ...['#', t('product'), 'HS', 'RCA', t('density'), 'PCI', 'COG', t('score')].map((h) => el('th', { text: h }))));
    o.opportunities.forEach((x, i) => tbl.append(el('tr', {}, el('td', { text: i + 1 }), el('td', { text: x.product }),
      el('td', { text: ZH ? x.chapter_zh : x.chapter_en }), ...[x.rca, x.density, x.pci, x.cog, x.score].map((v) => el('td', { class: 'num', text: fmt(v, 3) })))));
    box.append(tbl);
    const chosen = new Set(o.opportunities.map((x) => x.product));
    const table = { header: ['source', 'target', 'proximity'], rows: o.edges.map((e) => [e.source, e.target, e.proximity]) };
    chartCard(charts, 'chart-product-space', t('product_space'), {
      tooltip: { trigger: 'item' },
      series: [{ type: 'graph', layout: 'force', force: { repulsion: 12, edgeLength: 8 }, roam: true,
        data: o.nodes.map((n) => ({ name: n.id, value: n.pci, symbolSize: chosen.has(n.id) ? 9 : 4,
          itemStyle: { color: n.present ? '#ee6666' : chosen.has(n.id) ? '#fac858' : '#91a7d8' } })),
        links: o.edges.map((e) => ({ source: e.source, target: e.target })), lineStyle: { opacity: 0.3 } }],
    }, table, null, 600);
  },

  async markets() {
    const { worldFrom: from, worldTo: to } = document.body.dataset;
    if (!to) return;
    const charts = document.getElementById('charts');
    const box = document.getElementById('markets');
    // A city bureau sees its own city; everyone else the province.
    const region = document.body.dataset.city || 'GD';
    const m = await api(`/api/v1/markets?region=${region}&from=${from}&to=${to}&top=15`);
    const years = m.years.map((y) => String(y.year));
    const spread = { header: ['year', 'markets', 'hhi_markets', 'top5_markets', 'products', 'hhi_products', 'top5_products', 'suppliers', 'hhi_suppliers'],
      rows: m.years.map((y) => [y.year, y.markets.members, y.markets.hhi, y.markets.top5, y.products.members, y.products.hhi, y.products.top5,
        y.suppliers.members, y.suppliers.hhi]) };
    chartCard(charts, 'chart-diversification', t('diversification'), {
      legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: years }, yAxis: { type: 'value', min: 0 },
      series: [
        { name: `HHI · ${t('by_market')}`, type: 'line', data: m.years.map((y) => y.markets.hhi) },
        { name: `HHI · ${t('by_product')}`, type: 'line', data: m.years.map((y) => y.products.hhi) },
        { name: `${t('top5')} · ${t('by_market')}`, type: 'line', data: m.years.map((y) => y.markets.top5) },
        { name: `HHI · ${t('by_supplier')}`, type: 'line', data: m.years.map((y) => y.suppliers.hhi) },
      ],
    }, spread, null, 300);
    waterfall(charts, m);
    box.append(el('h3', { text: `${t('new_markets')}: ${m.new_markets.join(' ') || '–'} · ${t('lost_markets')}: ${m.lost_markets.join(' ') || '–'}` }));
    const p = await api(`/api/v1/potential?region=${region}&year=${to}&top=200`);
    potentialTable(box, p);
    heatMap(charts, p);
    // The Atlas's rule needs six years: three before, three after.
    if (Number(to) - Number(from) >= 5) newProductsTable(box, await api(`/api/v1/new-products?region=${region}&from=${from}&to=${to}&top=20`));
  },

  async brief() {
    const box = document.getElementById('brief');
    const city = box.dataset.city ? `&city=${box.dataset.city}` : '';
    const response = await fetch(`/api/v1/brief?period=${PERIOD}&lang=${LANG}${city}&format=html`);
    if (!response.ok) { fail(box, await response.json().then((b) => b.error)); return; }
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    box.append(...doc.body.childNodes);
  },

  pipeline: pipelinePage,

  async targets() {
    const data = await api('/api/v1/targets');
    const box = document.getElementById('scoreboard');
    const tbl = el('table', { class: 'data', id: 'scoreboard-table' });
    tbl.append(el('tr', {}, ...[t('indicator'), t('status'), t('latest'), t('target'), t('deadline'), t('progress'), t('pace'), t('source')].map((h) => el('th', { text: h }))));
    const charts = document.getElementById('charts');
    for (const line of data.lines) {
      const tg = line.target;
      const e = line.evaluation;
      tbl.append(el('tr', { class: `status-${e.status}` }, el('td', { text: ZH ? tg.title_zh : tg.title_en }),
        el('td', { class: 'status', text: t(e.status) }), el('td', { class: 'num', text: targetValue(e.latest, tg.unit, line.counted) }),
        el('td', { class: 'num', text: targetValue(tg.target_value, tg.unit, line.counted) }),
        el('td', { text: tg.deadline + (tg.deadline_assumed ? (ZH ? '（假定）' : ' (assumed)') : '') }),
        el('td', { class: 'num', text: fmt(e.progress_pct) }), el('td', { text: (ZH ? line.pace_zh : line.pace_en) || '' }), el('td', { text: tg.source })));
      const points = line.points.map((p) => [p.date, p.value]);
      const table = { header: ['date', 'value', 'projected'], rows: line.points.map((p) => [p.date, p.value, p.projected]) };
      chartCard(charts, `chart-target-${tg.id}`, `${t('history')}: ${ZH ? tg.title_zh : tg.title_en}`, {
        grid: { left: 70, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
        series: [
          { name: tg.unit, type: 'line', data: [[tg.baseline_date, tg.baseline_value], ...points] },
          { name: t('target'), type: 'line', symbol: 'none', lineStyle: { type: 'dashed' },
            data: [[tg.baseline_date, tg.target_value], [tg.deadline, tg.target_value]] },
        ],
      }, table, null, 240);
    }
    box.append(tbl);
    await measuresTable(document.getElementById('measures'));
    await citiesBoard(document.getElementById('cities-board'));
  },
};

// The targets split among the cities: each city's part, progress, pace and status, and the
// cities' sums against the province's.
async function citiesBoard(box) {
  const city = box.dataset.city ? `?city=${box.dataset.city}` : '';
  const data = await api(`/api/v1/targets/cities${city}`);
  box.append(el('h3', { text: ZH ? '目标分解到市' : 'Targets by city' }));
  if (!data.targets.length) box.append(el('p', { class: 'muted', text: ZH ? '尚无分解到市的目标' : 'No target is split among the cities yet' }));
  const tbl = el('table', { class: 'data', id: 'cities-table' });
  tbl.append(el('tr', {}, ...[ZH ? '目标' : 'Target', ZH ? '城市' : 'City', ZH ? '城市目标' : 'City target', ZH ? '份额%' : 'Share %',
    t('latest'), t('progress'), t('pace'), t('status')].map((h) => el('th', { text: h }))));
  for (const c of data.targets) {
    const tg = c.target;
    const title = (ZH ? tg.title_zh : tg.title_en) + (c.split.year ? ` (${c.split.year})` : '');
    for (const l of c.cities) {
      const e = l.evaluation;
      tbl.append(el('tr', { class: `city-line status-${e.status}`, 'data-city': l.city }, el('td', { text: title }),
        el('td', { text: ZH ? l.name_zh : l.name_en }), el('td', { class: 'num', text: targetValue(l.target, tg.unit, c.counted) }),
        el('td', { class: 'num', text: fmt(l.share_pct) }), el('td', { class: 'num', text: targetValue(e.latest, tg.unit, c.counted) }),
        el('td', { class: 'num', text: fmt(e.progress_pct) }), el('td', { text: (ZH ? l.pace_zh : l.pace_en) || '' }),
        el('td', { class: 'status', text: t(e.status) })));
    }
  }
  box.append(tbl);
  for (const c of data.targets) box.append(el('p', { class: 'reconciled muted', text: ZH ? c.reconciled_zh : c.reconciled_en }));
}

// Every measure under its part of the opinions, with the judgement of its latest reviewed note.
async function measuresTable(box) {
  const data = await api('/api/v1/measures');
  box.append(el('h3', { text: ZH ? '全部措施（按意见的部分）' : 'Every measure, by part of the opinions' }));
  const tbl = el('table', { class: 'data', id: 'measures-table' });
  tbl.append(el('tr', {}, ...[ZH ? '措施' : 'Measure', ZH ? '牵头单位' : 'Department', ZH ? '量化目标' : 'Targets',
    ZH ? '进展判断' : 'Judgement', ZH ? '最新进展' : 'Latest note', ZH ? '待审核' : 'Awaiting review'].map((h) => el('th', { text: h }))));
  const judged = { not_started: ['未启动', 'not started'], under_way: ['推进中', 'under way'], done: ['已完成', 'done'], stalled: ['停滞', 'stalled'] };
  for (const part of data.parts) {
    tbl.append(el('tr', { class: 'part' }, el('th', { colspan: '6', text: ZH ? part.title_zh : part.title_en })));
    for (const l of part.measures) {
      const m = l.measure;
      const note = l.latest ? `${l.latest.as_of} ${l.latest.text}` : '';
      tbl.append(el('tr', { class: `measure judgement-${l.judgement || 'none'}` }, el('td', { text: ZH ? m.title_zh : m.title_en }),
        el('td', { text: ZH ? m.department_zh : m.department_en }), el('td', { text: l.targets.join(', ') }),
        el('td', { text: l.judgement ? judged[l.judgement][ZH ? 0 : 1] : (ZH ? '暂无审核通过的进展' : 'no accepted note') }),
        el('td', { text: note }), el('td', { class: 'num', text: String(l.awaiting_review) })));
    }
  }
  box.append(tbl);
}

// The pipeline's figures: KPIs, funnel, ageing, projects by city on the map, the list.
async function pipelinePage() {
  const q = new URLSearchParams();
  for (const k of ['city', 'stage', 'large']) {
    const v = new URLSearchParams(location.search).get(k);
    if (v) q.set(k, v);
  }
  const data = await api(`/api/v1/projects?${q}`);
  const k = data.kpis;
  const pct = (v) => (v == null ? '–' : `${fmt(v)}%`);
  const kpis = document.getElementById('pipeline-kpis');
  const items = [[ZH ? '项目' : 'Projects', k.projects], [ZH ? '履约率' : 'Fulfilment rate', pct(k.fulfilment_pct)],
    [ZH ? '开工率' : 'Start rate', pct(k.start_pct)], [ZH ? '资金到位率' : 'Funds in place', pct(k.funds_pct)],
    [ZH ? '亿美元以上项目' : 'US$100m+ projects', k.large], [ZH ? '停滞超180天' : 'Stuck over 180 days', k.stuck]];
  kpis.append(el('div', { class: 'kpis' }, ...items.map(([label, v]) => el('div', { class: 'kpi' }, el('div', { class: 'muted', text: label }), el('div', { class: 'big', text: String(v) })))));
  if (data.synthetic) kpis.append(el('p', { class: 'muted', text: ZH ? '合成演示数据，非官方统计' : 'Synthetic demo data, not official statistics' }));
  const stages = data.ageing.map((a) => a.stage).concat(['producing']);
  const stageName = (s) => t(`stage_${s}`);
  const charts = document.getElementById('charts');
  chartCard(charts, 'chart-funnel', ZH ? '项目漏斗（到达各阶段的项目数）' : 'Funnel (projects that reached each stage)', {
    tooltip: { trigger: 'item' },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}: {c}' },
      data: stages.map((s, i) => ({ name: stageName(s), value: k.funnel[i] })) }],
  }, { header: ['stage', 'projects'], rows: stages.map((s, i) => [s, k.funnel[i]]) }, null, 320);
  const bands = ['0–90', '91–180', '181–365', '>365'];
  chartCard(charts, 'chart-ageing', ZH ? '在当前阶段停留天数' : 'Days in the current stage', {
    legend: {}, grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: data.ageing.map((a) => stageName(a.stage)) }, yAxis: { type: 'value' },
    series: bands.map((b, i) => ({ name: b, type: 'bar', stack: 'age', data: data.ageing.map((a) => a.bands[i]) })),
  }, { header: ['stage', ...bands], rows: data.ageing.map((a) => [a.stage, ...a.bands]) }, null, 320);
  const geo = await (await fetch('/assets/guangdong.json')).json();
  geo.features.forEach((f) => { f.properties.code = String(f.id); });
  echarts.registerMap('guangdong', geo);
  const counts = data.by_city.map((g) => g.projects);
  chartCard(charts, 'chart-projects-map', ZH ? '各地市项目数' : 'Projects by city', {
    tooltip: { trigger: 'item', formatter: (p) => `${p.data ? p.data.label : p.name}: ${p.value ?? 0}` },
    visualMap: { min: 0, max: Math.max(...counts, 1), calculable: true, left: 10, bottom: 10, inRange: { color: ['#e0ecf8', '#5470c6', '#203a80'] } },
    series: [{ type: 'map', map: 'guangdong', nameProperty: 'code', roam: false,
      data: data.by_city.map((g) => ({ name: g.code, value: g.projects, label: ZH ? g.name_zh : g.name_en })) }],
  }, { header: ['city', 'projects', 'signed', 'contracted_usd', 'actual_usd'], rows: data.by_city.map((g) => [g.code, g.projects, g.signed, g.contracted_usd, g.actual_usd]) }, null, 420);
  const table = (id, header, rows) => {
    const tbl = el('table', { class: 'data', id });
    tbl.append(el('tr', {}, ...header.map((h) => el('th', { text: h }))));
    rows.forEach((r) => tbl.append(el('tr', {}, ...r.map((v) => el('td', { text: v == null ? '–' : String(v) })))));
    return tbl;
  };
  const cityName = Object.fromEntries(data.by_city.map((g) => [g.code, ZH ? g.name_zh : g.name_en]));
  const stuck = document.getElementById('pipeline-stuck');
  stuck.append(el('h3', { text: ZH ? '停滞项目（同一阶段超过180天）' : 'Stuck projects (over 180 days in one stage)' }),
    table('stuck-table', ['#', ZH ? '项目' : 'Project', ZH ? '地市' : 'City', ZH ? '阶段' : 'Stage', ZH ? '天数' : 'Days'],
      data.stuck.slice(0, 50).map((x) => [x.id, x.name, cityName[x.city] || x.city, stageName(x.stage), x.days])));
  const list = document.getElementById('pipeline-projects');
  const usd = (v) => (v == null ? null : fmt(v / 1e4, 0));
  list.append(el('h3', { text: ZH ? '项目（按投资额）' : 'Projects (largest first)' }),
    table('projects-table', ['#', ZH ? '项目' : 'Project', ZH ? '投资方' : 'Investor', ZH ? '来源地' : 'Source', ZH ? '地市' : 'City', ZH ? '阶段' : 'Stage', ZH ? '合同投资（万美元）' : 'Contracted (US$10k)', ZH ? '实际到资（万美元）' : 'Actual (US$10k)'],
      data.projects.slice(0, 100).map((p) => [p.id, p.name, p.investor, p.country, cityName[p.city] || p.city, p.state.stage ? stageName(p.state.stage) : null, usd(p.state.amounts.contracted_usd), usd(p.state.amounts.actual_usd)])));
}

// Choosing a month (or a brief's city) reloads the page: no inline handlers, for the CSP.
function submitOnChange(id) {
  const input = document.getElementById(id);
  if (input) input.addEventListener('change', () => input.form.submit());
}

document.addEventListener('DOMContentLoaded', async () => {
  submitOnChange('period-input');
  submitOnChange('brief-city');
  for (const id of ['pipeline-city', 'pipeline-stage', 'pipeline-large', 'targets-city']) submitOnChange(id);
  const page = PAGES[document.body.dataset.page];
  try {
    await loadFigureLabels();
    if (page) await page();
  } catch (e) {
    fail(document.querySelector('main'), e);
    console.error(e);
  }
  document.body.dataset.ready = 'true';
});
