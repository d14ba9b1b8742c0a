// The radar chart of the HTML report, as inline SVG: one axis per step, the score as a filled polygon with a solid
// line, the stage target as a dashed polygon, and the range unknown answers leave as a thick band along each axis.
// Readable without colour (solid vs dashed vs band) and labelled in text. Every label is escaped by the caller's `escape`.

export interface RadarAxis {
  label: string;
  /** 0..100 */
  score: number;
  low: number;
  high: number;
  target?: number;
  applicable: boolean;
}

export interface RadarOptions {
  /** Level bands drawn as rings (their `min`), lowest first. */
  levels: { name: string; min: number }[];
  /** Accessible title of the chart. */
  title: string;
  escape: (text: string) => string;
}

const WIDTH = 680;
const HEIGHT = 540;
const CX = 340;
const CY = 262;
const R = 170;

/** Renders the chart; with fewer than three steps (no polygon possible) it draws horizontal bars instead. */
export function renderRadarSvg(axes: readonly RadarAxis[], options: RadarOptions): string {
  if (axes.length < 3) return renderBarsSvg(axes, options);
  const { escape: escapeText } = options;
  const n = axes.length;
  const angle = (index: number) => -Math.PI / 2 + (2 * Math.PI * index) / n;
  const point = (index: number, value: number) => {
    const r = (R * Math.min(100, Math.max(0, value))) / 100;
    return [CX + r * Math.cos(angle(index)), CY + r * Math.sin(angle(index))] as const;
  };
  const polygon = (values: readonly number[]) =>
    values.map((value, index) => point(index, value).map(fixed).join(',')).join(' ');
  const hasTarget = axes.some((axis) => axis.target !== undefined);
  const hasRange = axes.some((axis) => axis.applicable && axis.low !== axis.high);
  const out: string[] = [];
  const description = axes
    .map(
      (axis) =>
        `${axis.label}: ${axis.applicable ? axis.score : 'not applicable'}${axis.applicable && axis.low !== axis.high ? ` (could be ${axis.low} to ${axis.high})` : ''}${axis.target !== undefined ? `, target ${axis.target}` : ''}`,
    )
    .join('; ');
  out.push(
    `<svg class="radar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="radar-title radar-desc">`,
  );
  out.push(
    `<title id="radar-title">${escapeText(options.title)}</title>`,
    `<desc id="radar-desc">${escapeText(description)}</desc>`,
  );

  // Rings at the level boundaries and at 100, with the level names along the first axis.
  const rings = [...options.levels.filter((level) => level.min > 0).map((level) => level.min), 100];
  for (const value of rings) {
    out.push(`<polygon class="ring${value === 100 ? ' ring-outer' : ''}" points="${polygon(axes.map(() => value))}"/>`);
  }
  for (let index = 0; index < n; index++) {
    const [x, y] = point(index, 100);
    out.push(`<line class="axis" x1="${CX}" y1="${CY}" x2="${fixed(x)}" y2="${fixed(y)}"/>`);
  }

  // Unknown answers: a band from the worst to the best case along each axis.
  for (const [index, axis] of axes.entries()) {
    if (!axis.applicable || axis.low === axis.high) continue;
    const [x1, y1] = point(index, axis.low);
    const [x2, y2] = point(index, axis.high);
    out.push(
      `<line class="range" x1="${fixed(x1)}" y1="${fixed(y1)}" x2="${fixed(x2)}" y2="${fixed(y2)}"><title>${escapeText(`${axis.label}: could be ${axis.low} to ${axis.high}`)}</title></line>`,
    );
  }
  out.push(`<polygon class="score" points="${polygon(axes.map((axis) => (axis.applicable ? axis.score : 0)))}"/>`);
  if (hasTarget) out.push(`<polygon class="target" points="${polygon(axes.map((axis) => axis.target ?? 0))}"/>`);
  for (const [index, axis] of axes.entries()) {
    if (!axis.applicable) continue;
    const [x, y] = point(index, axis.score);
    out.push(
      `<circle class="dot" cx="${fixed(x)}" cy="${fixed(y)}" r="4"><title>${escapeText(`${axis.label}: ${axis.score}`)}</title></circle>`,
    );
  }

  // Ring labels (the level names) where no shape is: see placeRingLabels.
  const shapes: Shapes = {
    filled: [axes.map((axis, index) => point(index, axis.applicable ? axis.score : 0))],
    lines: [
      ...(hasTarget ? closed(axes.map((axis, index) => point(index, axis.target ?? 0))) : []),
      ...axes.flatMap((axis, index) =>
        axis.applicable && axis.low !== axis.high ? [[point(index, axis.low), point(index, axis.high)] as Segment] : [],
      ),
    ],
  };
  const ringLabels = options.levels
    .filter((level) => level.min > 0)
    .map((level) => ({ text: `${level.name} ${level.min}`, value: level.min }));
  const placed = placeRingLabels(ringLabels, n, point, shapes);
  for (const label of placed.onChart) {
    out.push(
      `<text class="ring-label" x="${fixed(label.x)}" y="${fixed(label.y + 4.5)}" text-anchor="middle">${escapeText(label.text)}</text>`,
    );
  }
  if (placed.aside.length > 0) {
    out.push(
      `<text class="ring-label ring-key" x="8" y="18">${escapeText(`Rings: ${placed.aside.join(' · ')}`)}</text>`,
    );
  }

  // Axis labels: the step, then its score against its target.
  for (const [index, axis] of axes.entries()) {
    const a = angle(index);
    const x = CX + (R + 20) * Math.cos(a);
    const y = CY + (R + 20) * Math.sin(a);
    const cos = Math.cos(a);
    const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
    const top = Math.sin(a) < -0.5;
    const bottom = Math.sin(a) > 0.5;
    const firstDy = top ? -22 : bottom ? 12 : -6;
    const value = !axis.applicable
      ? 'n/a'
      : `${axis.score}${axis.low !== axis.high ? ` (${axis.low}–${axis.high})` : ''}${axis.target !== undefined ? ` · target ${axis.target}` : ''}`;
    const below = axis.applicable && axis.target !== undefined && axis.score < axis.target;
    out.push(
      `<text class="label" x="${fixed(x)}" y="${fixed(y)}" text-anchor="${anchor}"><tspan class="label-step" x="${fixed(x)}" dy="${firstDy}">${escapeText(shorten(axis.label, 22))}</tspan><tspan class="label-value${below ? ' below' : ''}" x="${fixed(x)}" dy="19">${escapeText(value)}</tspan></text>`,
    );
  }

  // Legend: line styles, not colours, tell the series apart.
  const legend: string[] = [];
  let lx = 110;
  const ly = HEIGHT - 14;
  legend.push(
    `<polygon class="score" points="${lx},${ly - 9} ${lx + 26},${ly - 9} ${lx + 26},${ly + 3} ${lx},${ly + 3}"/><text class="legend" x="${lx + 32}" y="${ly + 1}">Score</text>`,
  );
  lx += 100;
  if (hasTarget) {
    legend.push(
      `<line class="target" x1="${lx}" y1="${ly - 3}" x2="${lx + 30}" y2="${ly - 3}"/><text class="legend" x="${lx + 36}" y="${ly + 1}">Stage target</text>`,
    );
    lx += 150;
  }
  if (hasRange)
    legend.push(
      `<line class="range" x1="${lx}" y1="${ly - 3}" x2="${lx + 30}" y2="${ly - 3}"/><text class="legend" x="${lx + 36}" y="${ly + 1}">Could be (unknown answers)</text>`,
    );
  out.push(`<g class="legend-group">${legend.join('')}</g>`);
  out.push('</svg>');
  return out.join('\n');
}

function renderBarsSvg(axes: readonly RadarAxis[], options: RadarOptions): string {
  const { escape: escapeText } = options;
  const rowHeight = 56;
  const height = 40 + rowHeight * axes.length;
  const left = 170;
  const span = WIDTH - left - 40;
  const x = (value: number) => fixed(left + (span * Math.min(100, Math.max(0, value))) / 100);
  const out = [
    `<svg class="radar bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="radar-title"><title id="radar-title">${escapeText(options.title)}</title>`,
  ];
  for (const [index, axis] of axes.entries()) {
    const y = 24 + index * rowHeight;
    out.push(
      `<text class="label-step" x="${left - 12}" y="${y + 18}" text-anchor="end">${escapeText(shorten(axis.label, 22))}</text>`,
    );
    out.push(`<rect class="track" x="${left}" y="${y + 4}" width="${span}" height="20"/>`);
    if (axis.applicable)
      out.push(
        `<rect class="score" x="${left}" y="${y + 4}" width="${fixed((span * axis.score) / 100)}" height="20"/>`,
      );
    if (axis.target !== undefined)
      out.push(`<line class="target" x1="${x(axis.target)}" y1="${y}" x2="${x(axis.target)}" y2="${y + 28}"/>`);
    out.push(
      `<text class="label-value" x="${left}" y="${y + 44}">${escapeText(axis.applicable ? `${axis.score}${axis.target !== undefined ? ` · target ${axis.target}` : ''}` : 'n/a')}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

type Point = readonly [number, number];
type Segment = readonly [Point, Point];
/** What a ring label must not touch: the filled score polygon, and lines (the dashed target, the range bands). */
interface Shapes {
  filled: Point[][];
  lines: Segment[];
}
interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Width of a ring label's text, generously: 13 px type averages under 7.5 px a character. */
const RING_CHAR_WIDTH = 7.5;
const RING_HALF_HEIGHT = 8;
/** Room kept between a ring label and any shape (half the range band's stroke and the dots' radius, and a margin). */
const RING_CLEARANCE = 4;

/**
 * Places each ring's label on its ring where it touches neither the score polygon (its area or outline), nor the
 * target outline, nor a range band, nor another ring label. Candidates run along the ring between each pair of axes,
 * from the upper left round; a label with no free place on its ring is listed in a key in the chart's corner instead.
 */
export function placeRingLabels(
  labels: readonly { text: string; value: number }[],
  axisCount: number,
  point: (index: number, value: number) => Point,
  shapes: Shapes,
): { onChart: { text: string; x: number; y: number }[]; aside: string[] } {
  const onChart: { text: string; x: number; y: number; box: Box }[] = [];
  const aside: string[] = [];
  const sectors = Array.from({ length: axisCount }, (_, index) => (axisCount - 1 + index) % axisCount);
  const along = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
  // On the ring line (its halo hides the line), else just outside it or just inside it.
  const offsets = [0, RING_HALF_HEIGHT + 2, -(RING_HALF_HEIGHT + 2)];
  for (const label of labels) {
    const halfWidth = ([...label.text].length * RING_CHAR_WIDTH) / 2;
    let spot: { x: number; y: number; box: Box } | undefined;
    search: for (const sector of sectors) {
      const [x1, y1] = point(sector, label.value);
      const [x2, y2] = point((sector + 1) % axisCount, label.value);
      // The outward normal of this stretch of ring.
      const [mx, my] = [(x1 + x2) / 2 - point(0, 0)[0], (y1 + y2) / 2 - point(0, 0)[1]];
      const length = Math.hypot(mx, my) || 1;
      for (const [t, offset] of along.flatMap((t) => offsets.map((offset) => [t, offset] as const))) {
        const x = x1 + (x2 - x1) * t + (mx / length) * offset;
        const y = y1 + (y2 - y1) * t + (my / length) * offset;
        const box = {
          left: x - halfWidth,
          right: x + halfWidth,
          top: y - RING_HALF_HEIGHT,
          bottom: y + RING_HALF_HEIGHT,
        };
        if (
          isClear(
            box,
            shapes,
            onChart.map((other) => other.box),
          )
        ) {
          spot = { x, y, box };
          break search;
        }
      }
    }
    if (spot) onChart.push({ text: label.text, ...spot });
    else aside.push(label.text);
  }
  return { onChart: onChart.map(({ text, x, y }) => ({ text, x, y })), aside };
}

function isClear(box: Box, shapes: Shapes, taken: readonly Box[]): boolean {
  const grown = {
    left: box.left - RING_CLEARANCE,
    top: box.top - RING_CLEARANCE,
    right: box.right + RING_CLEARANCE,
    bottom: box.bottom + RING_CLEARANCE,
  };
  if (
    taken.some(
      (other) =>
        grown.left < other.right && other.left < grown.right && grown.top < other.bottom && other.top < grown.bottom,
    )
  )
    return false;
  for (const polygon of shapes.filled) {
    const corners: Point[] = [
      [grown.left, grown.top],
      [grown.right, grown.top],
      [grown.right, grown.bottom],
      [grown.left, grown.bottom],
    ];
    if (corners.some((corner) => insidePolygon(corner, polygon))) return false;
    if (closed(polygon).some((segment) => segmentTouchesBox(segment, grown))) return false;
  }
  return !shapes.lines.some((segment) => segmentTouchesBox(segment, grown));
}

/** The edges of a closed polygon. */
function closed(points: readonly Point[]): Segment[] {
  return points.map((start, index) => [start, points[(index + 1) % points.length]!] as Segment);
}

function insidePolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a segment meets a box (Liang–Barsky clipping). */
function segmentTouchesBox([[x1, y1], [x2, y2]]: Segment, box: Box): boolean {
  let low = 0;
  let high = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (const [p, q] of [
    [-dx, x1 - box.left],
    [dx, box.right - x1],
    [-dy, y1 - box.top],
    [dy, box.bottom - y1],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) low = Math.max(low, r);
    else high = Math.min(high, r);
    if (low > high) return false;
  }
  return true;
}

function fixed(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function shorten(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}
