// How scores are shown: scores are computed on 0..100; a rubric's `display: { scale, decimals }` shows them on
// 0..scale with that many decimals (e.g. a maturity model whose users think in 0–3). Pure.
import type { Display } from './model.js';

/** A score (0..100, exact or rounded) as shown: "62" by default, "1.86" on a 0–3 scale with 2 decimals. */
export function formatScore(value: number, display: Display | undefined): string {
  if (!display) return String(Math.round(value));
  const scaled = (value * display.scale) / 100;
  // `+ 0` and the check below keep "-0.00" from showing for a tiny negative rounding residue.
  const text = (Math.round(scaled * 10 ** display.decimals) / 10 ** display.decimals + 0).toFixed(display.decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** The top of the scale, as shown after a score: "/100", or "/3" on a 0–3 scale. */
export function scaleSuffix(display: Display | undefined): string {
  return `/${display ? display.scale : 100}`;
}

/** A range "49–61" as shown. */
export function formatRange(low: number, high: number, display: Display | undefined): string {
  return `${formatScore(low, display)}–${formatScore(high, display)}`;
}
