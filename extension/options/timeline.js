// The incident timeline: an SVG with one row per site and one bar per incident, coloured by severity.
// Built with createElementNS only; the figure's table is the text alternative for screen readers.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 920;
const LABEL_W = 190;
const ROW_H = 30;
const TOP = 8;
const AXIS_H = 28;
const MIN_BAR_W = 3; // a 10-second blip in a 30-day view is still visible
const TICKS = 5;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Replaces `container`'s content with the timeline of `view` ({incidents, from, to, days}). */
export function renderTimeline(container, view, fmt) {
  container.replaceChildren();
  const sites = [...new Set(view.incidents.map((i) => i.origin))].sort();
  if (sites.length === 0) return;
  const height = TOP + sites.length * ROW_H + AXIS_H;
  const plotW = WIDTH - LABEL_W - 12;
  const x = (ms) => LABEL_W + ((Math.min(Math.max(ms, view.from), view.to) - view.from) / (view.to - view.from)) * plotW;
  const label = fmt.t('historyChartLabel', [String(view.incidents.length), String(sites.length)]);
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': 'timeline-title' });
  root.append(svg('title', { id: 'timeline-title' }, label));

  const axisY = TOP + sites.length * ROW_H;
  const tickFormat = view.days <= 1 ? { timeStyle: 'short' } : { dateStyle: 'medium' };
  for (let k = 0; k <= TICKS; k++) {
    const ms = view.from + ((view.to - view.from) * k) / TICKS;
    const tx = x(ms);
    root.append(svg('line', { class: 'grid', x1: tx, x2: tx, y1: TOP, y2: axisY }));
    const anchor = k === 0 ? 'start' : k === TICKS ? 'end' : 'middle';
    root.append(svg('text', { class: 'axis', x: tx, y: axisY + 18, 'text-anchor': anchor }, fmt.formatDateTime(ms, tickFormat)));
  }

  sites.forEach((origin, row) => {
    const y = TOP + row * ROW_H;
    const g = svg('g', { class: 'row', 'data-origin': origin });
    const name = fmt.host(origin);
    const site = svg('text', { class: 'site', x: 0, y: y + ROW_H / 2 + 4 }, name.length > 26 ? `${name.slice(0, 25)}…` : name);
    site.append(svg('title', {}, origin));
    g.append(svg('line', { class: 'grid', x1: LABEL_W, x2: WIDTH - 12, y1: y + ROW_H / 2, y2: y + ROW_H / 2 }), site);
    for (const i of view.incidents.filter((inc) => inc.origin === origin)) {
      const x1 = x(i.startMs);
      const w = Math.max(MIN_BAR_W, x(i.endMs) - x1);
      const bar = svg('rect', {
        class: `bar ${fmt.severity(i.statuses)}`, x: x1, y: y + 6, width: w, height: ROW_H - 12, rx: 2,
        'data-statuses': i.statuses.join(','),
      });
      bar.append(svg('title', {}, `${name}: ${fmt.formatDateTime(i.startMs)}, ${fmt.formatDuration(i.endMs - i.startMs)} (${fmt.formatStatuses(i.statuses)})`));
      g.append(bar);
    }
    root.append(g);
  });
  container.append(root);
}
