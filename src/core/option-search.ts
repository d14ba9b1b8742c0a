// The exact search behind one step of the cheapest path (cheapest-path.ts): every item (a question, or questions
// planned together) has a few options, and the search keeps, for each reachable combination of total effort and "shape"
// (counted weight, critical questions met, and the open questions' weight and worst and best sums), the combination with
// the best weighted sum. It is the same programme as a map keyed by those values, with the same order and tie-breaks,
// so it picks the same combinations, but it keeps flat arrays, one per layer, instead of an object and a copied list of
// picks per state: memory grows with the number of states, not with states × questions, and no garbage is made per
// state. Pure.
//
// Cost: O(items × states × options), where states ≤ (total effort points + 1) × shapes. Effort points are small
// integers (S = 1, M = 3, L = 8), so a step of n questions has O(n) states per shape and the search is O(n²) per step,
// with a small constant (about 10 ns a transition). Questions that switch others on or off multiply the shapes (each
// counted weight is one), so the caller may bound the effort searched (`maxCost`): cheapest-path.ts raises that bound
// until the answer is provably the unbounded one, or states it.

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

/**
 * The combinations the search kept, column by column (index i is the i-th combination, in the order a map keyed by
 * (cost, shape) would list them): no object per combination, as a large step keeps hundreds of thousands.
 */
export interface Combinations {
  length: number;
  cost: Float64Array;
  /** Σ weight × score and Σ weight × best score of the counted questions. */
  sum: Float64Array;
  high: Float64Array;
  /** Actions taken, over all items. */
  actions: Int32Array;
  /** Counted weight, critical questions met, and the open questions' weight and worst and best sums. */
  shape(index: number): Shape;
  /** The option picked for each item, in item order. */
  picks(index: number): number[];
}

export interface Shape {
  weight: number;
  allMet: boolean;
  openWeight: number;
  openWorst: number;
  openBest: number;
}

/** (shape, cost) cells beyond this many are looked up in a map rather than in dense arrays (16 MB at most). */
const MAX_DENSE_CELLS = 1 << 22;

/** What a search found, and what it cost. */
export interface SearchResult {
  combinations: Combinations;
  /** Combinations dearer than `maxCost` were left out (some exist). */
  truncated: boolean;
  /** (state, option) pairs tried: the work done. */
  transitions: number;
}

/**
 * Runs the search over `items` (each a list of options, in order), keeping only combinations of at most `maxCost`
 * effort points: every kept combination is the same as without the bound, as costs never fall along the way.
 */
export function searchCombinations(
  items: readonly (readonly OptionDelta[])[],
  maxCost: number = Number.POSITIVE_INFINITY,
): SearchResult {
  const shapes: Shape[] = [{ weight: 0, allMet: true, openWeight: 0, openWorst: 0, openBest: 0 }];
  const shapeIds = new Map<string, number>([[shapeKey(shapes[0]!), 0]]);
  const dearest = items.reduce((total, options) => total + Math.max(0, ...options.map((option) => option.cost)), 0);
  const width = Math.min(dearest, maxCost) + 1;
  const dense = new DenseSlots(width);
  const sparse = new Map<number, number>();
  // Two layers' states in reusable typed columns (the current one and the next), so a layer allocates nothing but its
  // parents and picks, which the picks of every kept combination are traced back through.
  let layer = new Layer(64);
  let next = new Layer(64);
  layer.push(0, 0, 0, 0, 0);
  const parents: Int32Array[] = [];
  const picks: Uint16Array[] = [];
  let parent = new Int32Array(64);
  let pick = new Uint16Array(64);
  // Per shape: its place among the next layer's shapes (stamped with the layer, so nothing is cleared between layers).
  let localOf = new Int32Array(64);
  let localStamp = new Int32Array(64);
  // Per (shape, option): the shape it leads to and that shape's place in the next layer (stamped with the layer too).
  const stride = Math.max(1, ...items.map((options) => options.length));
  let transitionShape = new Int32Array(64);
  let transitionLocal = new Int32Array(64);
  let transitionStamp = new Int32Array(64);
  let tried = 0;

  for (const [depth, options] of items.entries()) {
    // Each shape of the next layer gets a place among them: the slot table is indexed by that place and the cost, so it
    // stays as small as one layer.
    let locals = 0;
    next.clear();
    sparse.clear();
    tried += layer.length * options.length;
    for (let state = 0; state < layer.length; state++) {
      const fromShape = layer.shape[state]!;
      const fromCost = layer.cost[state]!;
      for (let index = 0; index < options.length; index++) {
        const option = options[index]!;
        const toCost = fromCost + option.cost;
        if (toCost > maxCost) continue;
        // The shape after this option, worked out once per (shape, option) in this layer.
        const transition = fromShape * stride + index;
        if (transition >= transitionStamp.length) {
          transitionShape = grow(transitionShape, transition);
          transitionLocal = grow(transitionLocal, transition);
          transitionStamp = grow(transitionStamp, transition);
        }
        let toShape = transitionShape[transition]!;
        if (transitionStamp[transition] !== depth + 1) {
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
          if (id >= localStamp.length) [localOf, localStamp] = [grow(localOf, id), grow(localStamp, id)];
          if (localStamp[id] !== depth + 1) {
            localStamp[id] = depth + 1;
            localOf[id] = locals++;
          }
          toShape = id;
          transitionStamp[transition] = depth + 1;
          transitionShape[transition] = id;
          transitionLocal[transition] = localOf[id]!;
        }
        const toSum = layer.sum[state]! + option.sum;
        const toHigh = layer.high[state]! + option.high;
        const toActions = layer.actions[state]! + option.actions;
        const cell = transitionLocal[transition]! * width + toCost;
        const slot = cell < MAX_DENSE_CELLS ? dense.get(cell, depth) : sparse.get(cell);
        if (slot === undefined) {
          const created = next.length;
          if (cell < MAX_DENSE_CELLS) dense.set(cell, depth, created);
          else sparse.set(cell, created);
          next.push(toShape, toCost, toSum, toHigh, toActions);
          if (created >= parent.length) [parent, pick] = [grow(parent, created), grow(pick, created)];
          parent[created] = state;
          pick[created] = index;
        } else if (toSum > next.sum[slot]! || (toSum === next.sum[slot]! && toHigh > next.high[slot]!)) {
          next.sum[slot] = toSum;
          next.high[slot] = toHigh;
          next.actions[slot] = toActions;
          parent[slot] = state;
          pick[slot] = index;
        }
      }
    }
    parents.push(parent.slice(0, next.length));
    picks.push(pick.slice(0, next.length));
    [layer, next] = [next, layer];
  }

  const picksOf = (last: number): number[] => {
    const chosen = new Array<number>(items.length);
    for (let depth = items.length - 1, state = last; depth >= 0; depth--) {
      chosen[depth] = picks[depth]![state]!;
      state = parents[depth]![state]!;
    }
    return chosen;
  };
  const combinations: Combinations = {
    length: layer.length,
    cost: layer.cost.subarray(0, layer.length),
    sum: layer.sum.subarray(0, layer.length),
    high: layer.high.subarray(0, layer.length),
    actions: layer.actions.subarray(0, layer.length),
    shape: (index) => shapes[layer.shape[index]!]!,
    picks: picksOf,
  };
  return { combinations, truncated: dearest > maxCost, transitions: tried };
}

/** The states of one layer, column by column, in the order they were made; grown by doubling, reused when cleared. */
class Layer {
  length = 0;
  shape: Int32Array;
  cost: Float64Array;
  sum: Float64Array;
  high: Float64Array;
  actions: Int32Array;

  constructor(capacity: number) {
    this.shape = new Int32Array(capacity);
    this.cost = new Float64Array(capacity);
    this.sum = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.actions = new Int32Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  push(shape: number, cost: number, sum: number, high: number, actions: number): void {
    const at = this.length++;
    if (at >= this.shape.length) {
      this.shape = grow(this.shape, at);
      this.cost = grow(this.cost, at);
      this.sum = grow(this.sum, at);
      this.high = grow(this.high, at);
      this.actions = grow(this.actions, at);
    }
    this.shape[at] = shape;
    this.cost[at] = cost;
    this.sum[at] = sum;
    this.high[at] = high;
    this.actions[at] = actions;
  }
}

/** A typed array at least big enough to hold `index`, with the old contents (capacity doubles). */
function grow<T extends Int32Array | Uint16Array | Float64Array>(array: T, index: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(index + 1, array.length * 2));
  bigger.set(array);
  return bigger;
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
