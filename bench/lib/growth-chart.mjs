// The growth chart (docs/benchmarks-growth.svg): p50 (solid) and p99 (dashed) of feed and search
// from one connection at each catalog size, hand-written SVG (no charting dependency). The x axis
// is logarithmic, so the steps (a tenth, three tenths, all of the catalog) are evenly spaced.

export const GROWTH_LABELS = {
  'feed-1': 'feed, page 1',
  'search-rare': 'search, rare word',
  'search-phrase': 'search, phrase',
  'search-common': 'search, common word',
};

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const W = 760;
const H = 400;
const M = { left: 64, right: 200, top: 44, bottom: 52 };

const esc = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const kilo = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** A round step for about five gridlines up to `max`. */
function niceStep(max) {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/** `growth`: [{ videos, results: { <id>: { p50, p99 } } }], in catalog order. */
export function growthChart(growth, ids, labels = GROWTH_LABELS) {
  const sizes = growth.map((g) => g.videos);
  const values = growth.flatMap((g) => ids.flatMap((id) => [g.results[id].p50, g.results[id].p99]));
  const top = Math.max(...values.filter(Number.isFinite), 0.001);
  const step = niceStep(top);
  const yMax = Math.ceil(top / step) * step;
  const [lo, hi] = [Math.log10(Math.min(...sizes)), Math.log10(Math.max(...sizes))];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (videos) => M.left + (hi === lo ? plotW / 2 : ((Math.log10(videos) - lo) / (hi - lo)) * plotW);
  const y = (ms) => M.top + plotH - (ms / yMax) * plotH;
  const r = (n) => n.toFixed(1);

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${M.left}" y="22" font-size="15" font-weight="bold">Feed and search latency as the catalog grows (one connection)</text>`);
  for (let v = 0; v <= yMax + step / 2; v += step) {
    out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${r(y(v) + 4)}" text-anchor="end">${+v.toFixed(3)}</text>`);
  }
  for (const size of sizes) {
    out.push(`<line x1="${r(x(size))}" x2="${r(x(size))}" y1="${M.top}" y2="${M.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${r(x(size))}" y="${M.top + plotH + 18}" text-anchor="middle">${kilo(size)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - 12}" text-anchor="middle">videos in the catalog (log scale)</text>`);
  out.push(`<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">latency, ms</text>`);

  ids.forEach((id, i) => {
    const color = COLORS[i % COLORS.length];
    for (const [key, dash] of [
      ['p50', ''],
      ['p99', ' stroke-dasharray="6 4"'],
    ]) {
      const points = growth.map((g) => `${r(x(g.videos))},${r(y(g.results[id][key]))}`).join(' ');
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points}"/>`);
      if (key === 'p50') for (const g of growth) out.push(`<circle cx="${r(x(g.videos))}" cy="${r(y(g.results[id].p50))}" r="3" fill="${color}"/>`);
    }
    const ly = M.top + 10 + i * 22;
    const lx = M.left + plotW + 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(labels[id] ?? id)}</text>`);
  });
  const ly = M.top + 10 + ids.length * 22 + 8;
  const lx = M.left + plotW + 16;
  out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="#555" stroke-width="2"/><text x="${lx + 30}" y="${ly + 4}">p50</text>`);
  out.push(
    `<line x1="${lx}" x2="${lx + 24}" y1="${ly + 18}" y2="${ly + 18}" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/><text x="${lx + 30}" y="${ly + 22}">p99</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
