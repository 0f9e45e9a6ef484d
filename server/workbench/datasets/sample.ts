// Seeded random draws: the review sample kept apart for an unbiased agreement estimate, and a random sample of the
// corpus. The same seed draws the same rows, so a sample can be redrawn and reported.
import { seededRandom } from "../../annotation/metrics";

/**
 * `k` distinct indexes of [0, n), in the order drawn (a partial Fisher–Yates shuffle over a virtual array, so memory
 * is O(k) whatever n is). The order is the sample's rank: the review queue shows the sample in it.
 */
export function seededSample(n: number, k: number, seed: number): number[] {
  const size = Math.max(0, Math.min(n, Math.floor(k)));
  const random = seededRandom(seed);
  const swapped = new Map<number, number>();
  const drawn: number[] = [];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    drawn.push(atJ);
  }
  return drawn;
}

/** The default review sample: 100 rows, or all of a smaller data set; seed 42. */
export function defaultReviewSample(rows: number): { size: number; seed: number } {
  return { size: Math.min(rows, 100), seed: 42 };
}

/**
 * A seeded reservoir (Algorithm R): keeps `k` of a stream of unknown length, each element equally likely. Returns
 * the kept elements with their positions in the stream.
 */
export class SeededReservoir<T> {
  private readonly random: () => number;
  private seen = 0;
  readonly kept: { position: number; value: T }[] = [];

  constructor(
    private readonly k: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  offer(value: T): void {
    const position = this.seen++;
    if (this.kept.length < this.k) {
      this.kept.push({ position, value });
      return;
    }
    const j = Math.floor(this.random() * (position + 1));
    if (j < this.k) this.kept[j] = { position, value };
  }
}
