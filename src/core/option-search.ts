// The exact search behind one step of the cheapest path (cheapest-path.ts): every item (a question, or questions
// planned together) has a few options, and the search keeps, for each reachable combination of total effort and "shape"
// (counted weight, critical questions met, and the open questions' weight and worst and best sums), the combination with
// the best weighted sum. It is the same programme as a map keyed by those values, with the same order and tie-breaks,
// so it picks the same combinations, but it keeps flat arrays, one per layer, instead of an object and a copied list of
// picks per state: memory grows with the number of states, not with states × questions, and no garbage is made per
// state. Pure.
//
// Cost: O(items × states × options), where states ≤ (total effort points + 1) × shapes. Effort points are small
// integers (S = 1, M = 3, L = 8), so a step of n questions has O(n) states per shape and the search is O(n²) per step:
// exact at every size, with a small constant (about 10 ns a transition).

/** What one option of an item adds to a combination. */
export interface OptionDelta {
  /** Effort points. */
  cost: number;
  /** Counted weight, Σ weight × score of counted questions, and Σ weight × best score (for ties). */
  weight: number;
  sum: number;
  high: number;
  /** Open (unknown or unanswered) questions: their weight and worst and best weighted sums. */
  openWeight: number;
  openWorst: number;
  openBest: number;
  /** Leaves a critical question unmet. */
  unmet: boolean;
  /** How many actions the option takes. */
  actions: number;
}

/** One combination the search kept. */
export interface Combination {
  cost: number;
  weight: number;
  sum: number;
  high: number;
  openWeight: number;
  openWorst: number;
  openBest: number;
  allMet: boolean;
  /** Actions taken, over all items. */
  actions: number;
  /** The option picked for each item, in item order. */
  picks(): number[];
}

interface Shape {
  weight: number;
  allMet: boolean;
  openWeight: number;
  openWorst: number;
  openBest: number;
}

/** (shape, cost) cells beyond this many are looked up in a map rather than in dense arrays (16 MB at most). */
const MAX_DENSE_CELLS = 1 << 22;

/**
 * Runs the search over `items` (each a list of options, in order). Returns the combinations kept, in the order a map
 * keyed by (cost, shape) would list them.
 */
export function searchCombinations(items: readonly (readonly OptionDelta[])[]): Combination[] {
  const shapes: Shape[] = [{ weight: 0, allMet: true, openWeight: 0, openWorst: 0, openBest: 0 }];
  const shapeIds = new Map<string, number>([[shapeKey(shapes[0]!), 0]]);
  const width = items.reduce((total, options) => total + Math.max(0, ...options.map((option) => option.cost)), 0) + 1;
  const dense = new DenseSlots(width);
  const sparse = new Map<number, number>();

  // The current layer, in insertion order.
  let shape = [0];
  let cost = [0];
  let sum = [0];
  let high = [0];
  let actions = [0];
  const parents: Int32Array[] = [];
  const picks: Uint16Array[] = [];

  for (const [layer, options] of items.entries()) {
    // Per (shape, option) of this layer: the shape it leads to, and that shape's place among this layer's shapes (the
    // slot table is indexed by that place and the cost, so it stays as small as one layer).
    const transitions = new Map<number, { shape: number; local: number }>();
    const localOf = new Map<number, number>();
    const nextShape: number[] = [];
    const nextCost: number[] = [];
    const nextSum: number[] = [];
    const nextHigh: number[] = [];
    const nextActions: number[] = [];
    const parent: number[] = [];
    const pick: number[] = [];
    sparse.clear();
    for (let state = 0; state < shape.length; state++) {
      const fromShape = shape[state]!;
      for (let index = 0; index < options.length; index++) {
        const option = options[index]!;
        // The shape after this option, worked out once per (shape, option) in this layer.
        const transition = fromShape * options.length + index;
        let target = transitions.get(transition);
        if (target === undefined) {
          const from = shapes[fromShape]!;
          // Same operations in the same order as the scorer's sums (adding 0 changes nothing).
          const to: Shape = {
            weight: from.weight + option.weight,
            allMet: from.allMet && !option.unmet,
            openWeight: from.openWeight + option.openWeight,
            openWorst: from.openWorst + option.openWorst,
            openBest: from.openBest + option.openBest,
          };
          const key = shapeKey(to);
          let id = shapeIds.get(key);
          if (id === undefined) {
            id = shapes.length;
            shapes.push(to);
            shapeIds.set(key, id);
          }
          let local = localOf.get(id);
          if (local === undefined) {
            local = localOf.size;
            localOf.set(id, local);
          }
          target = { shape: id, local };
          transitions.set(transition, target);
        }
        const toShape = target.shape;
        const toCost = cost[state]! + option.cost;
        const toSum = sum[state]! + option.sum;
        const toHigh = high[state]! + option.high;
        const cell = target.local * width + toCost;
        const slot = cell < MAX_DENSE_CELLS ? dense.get(cell, layer) : sparse.get(cell);
        if (slot === undefined) {
          const created = nextShape.length;
          if (cell < MAX_DENSE_CELLS) dense.set(cell, layer, created);
          else sparse.set(cell, created);
          nextShape.push(toShape);
          nextCost.push(toCost);
          nextSum.push(toSum);
          nextHigh.push(toHigh);
          nextActions.push(actions[state]! + option.actions);
          parent.push(state);
          pick.push(index);
        } else if (toSum > nextSum[slot]! || (toSum === nextSum[slot]! && toHigh > nextHigh[slot]!)) {
          nextSum[slot] = toSum;
          nextHigh[slot] = toHigh;
          nextActions[slot] = actions[state]! + option.actions;
          parent[slot] = state;
          pick[slot] = index;
        }
      }
    }
    parents.push(Int32Array.from(parent));
    picks.push(Uint16Array.from(pick));
    [shape, cost, sum, high, actions] = [nextShape, nextCost, nextSum, nextHigh, nextActions];
  }

  const picksOf = (last: number): number[] => {
    const chosen = new Array<number>(items.length);
    for (let layer = items.length - 1, state = last; layer >= 0; layer--) {
      chosen[layer] = picks[layer]![state]!;
      state = parents[layer]![state]!;
    }
    return chosen;
  };
  return shape.map((shapeId, index) => {
    const { weight, allMet, openWeight, openWorst, openBest } = shapes[shapeId]!;
    let kept: number[] | undefined;
    return {
      cost: cost[index]!,
      weight,
      sum: sum[index]!,
      high: high[index]!,
      openWeight,
      openWorst,
      openBest,
      allMet,
      actions: actions[index]!,
      picks: () => (kept ??= picksOf(index)),
    };
  });
}

/** The key a map of states would use for a shape (numbers as JavaScript prints them, so -0 and 0 are one). */
function shapeKey(shape: Shape): string {
  return `${shape.weight}|${shape.allMet ? 1 : 0}|${shape.openWeight}|${shape.openWorst}|${shape.openBest}`;
}

/** Slots of the next layer by (shape, cost) cell, grown as shapes appear; a stamp per cell saves clearing per layer. */
class DenseSlots {
  #slots = new Int32Array(0);
  #stamps = new Int32Array(0);
  readonly #width: number;

  constructor(width: number) {
    this.#width = width;
  }

  get(cell: number, layer: number): number | undefined {
    return cell < this.#stamps.length && this.#stamps[cell] === layer + 1 ? this.#slots[cell] : undefined;
  }

  set(cell: number, layer: number, slot: number): void {
    if (cell >= this.#stamps.length) this.#grow(cell);
    this.#stamps[cell] = layer + 1;
    this.#slots[cell] = slot;
  }

  #grow(cell: number): void {
    const size = Math.min(MAX_DENSE_CELLS, Math.max(cell + 1, this.#stamps.length * 2, this.#width));
    const [slots, stamps] = [new Int32Array(size), new Int32Array(size)];
    slots.set(this.#slots);
    stamps.set(this.#stamps);
    [this.#slots, this.#stamps] = [slots, stamps];
  }
}
