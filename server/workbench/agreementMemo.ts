// Statistics of the agreement report remembered by what they were computed from: a statistic's key holds a
// fingerprint of its input columns, so a report after one more saved label recomputes only the statistics that label
// touches (the people's), while those over the models' 10,000 rows come back at once. Content-addressed, so nothing
// needs invalidating: changed labels make a new key, and the oldest entries make room.

type Column = readonly (string | null)[];

/** FNV-1a and djb2 over the labels (null marked apart), with the length: two 32-bit hashes against collisions. */
export function fingerprint(column: Column): string {
  let fnv = 0x811c9dc5;
  let djb = 5381;
  for (const value of column) {
    const text = value === null ? "\u0000" : value;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      fnv = Math.imul(fnv ^ c, 0x01000193);
      djb = (Math.imul(djb, 33) + c) | 0;
    }
    fnv = Math.imul(fnv ^ 0x1f, 0x01000193);
    djb = (Math.imul(djb, 33) + 0x1f) | 0;
  }
  return `${(fnv >>> 0).toString(36)}.${(djb >>> 0).toString(36)}.${column.length}`;
}

/** A bounded map of computed statistics, least recently used out first, shared by the reports of one process. */
export class StatisticMemo {
  private readonly entries = new Map<string, unknown>();
  private readonly fingerprints = new WeakMap<Column, string>();

  constructor(private readonly max = 5000) {}

  /** The column's fingerprint, computed once per column array. */
  of(column: Column): string {
    let print = this.fingerprints.get(column);
    if (print === undefined) this.fingerprints.set(column, (print = fingerprint(column)));
    return print;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = await compute();
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
