// The overview's figures, computed in one pass over documents (pure): counts by platform, source, month and text
// length, and annotation labels by source and by month, for the lexicon at index time or a workbench run alike.
import { TOPICS, type Topic } from "../../../contract/annotation";
import {
  LENGTH_BUCKETS,
  OVERVIEW_LIMITS,
  type AnnotationOverview,
  type CorpusOverview,
  type LabelCounts,
} from "../../../contract/corpusExplore";

/** What the overview needs of a document. */
export interface OverviewDoc {
  source: string;
  platform: string;
  date: string;
  /** The date is the import day: the document counts as undated, in no month and outside the date range. */
  dateImputed?: boolean;
  chars: number;
}

/** What it needs of an annotation. */
export interface OverviewLabels {
  ton: string;
  populism: boolean;
  anti_elitism: boolean;
  popor_central: boolean;
  tema: string;
}

export function emptyCounts(): LabelCounts {
  return {
    n: 0,
    negativ: 0,
    neutru: 0,
    pozitiv: 0,
    populism: 0,
    anti_elitism: 0,
    popor_central: 0,
    topics: {},
  };
}

function addLabels(counts: LabelCounts, labels: OverviewLabels): void {
  counts.n += 1;
  if (labels.ton === "negativ" || labels.ton === "neutru" || labels.ton === "pozitiv")
    counts[labels.ton] += 1;
  if (labels.populism) counts.populism += 1;
  if (labels.anti_elitism) counts.anti_elitism += 1;
  if (labels.popor_central) counts.popor_central += 1;
  if ((TOPICS as readonly string[]).includes(labels.tema)) {
    const tema = labels.tema as Topic;
    counts.topics[tema] = (counts.topics[tema] ?? 0) + 1;
  }
}

const month = (date: string) => date.slice(0, 7);

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

const byCountThenName = (a: { value: string; count: number }, b: { value: string; count: number }) =>
  b.count - a.count || a.value.localeCompare(b.value);

/** Counts of documents; `result()` gives the overview without annotations. */
export class CorpusCounts {
  private documents = 0;
  private readonly platforms = new Map<string, number>();
  private readonly sources = new Map<string, { count: number; platforms: Map<string, number> }>();
  private readonly months = new Map<string, number>();
  private readonly lengths = new Array<number>(LENGTH_BUCKETS.length).fill(0);
  private dateMin: string | null = null;
  private dateMax: string | null = null;
  private undated = 0;

  add(doc: OverviewDoc): void {
    this.documents += 1;
    increment(this.platforms, doc.platform);
    let source = this.sources.get(doc.source);
    if (!source) {
      source = { count: 0, platforms: new Map() };
      this.sources.set(doc.source, source);
    }
    source.count += 1;
    increment(source.platforms, doc.platform);
    if (doc.dateImputed) this.undated += 1;
    else {
      increment(this.months, month(doc.date));
      const day = doc.date.slice(0, 10);
      if (this.dateMin === null || day < this.dateMin) this.dateMin = day;
      if (this.dateMax === null || day > this.dateMax) this.dateMax = day;
    }
    let bucket = LENGTH_BUCKETS.length - 1;
    while (bucket > 0 && doc.chars < LENGTH_BUCKETS[bucket]!) bucket -= 1;
    this.lengths[bucket]! += 1;
  }

  result(): Omit<CorpusOverview, "annotations" | "annotationSources"> {
    const topPlatform = (platforms: Map<string, number>) =>
      [...platforms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
    return {
      documents: this.documents,
      dateMin: this.dateMin,
      dateMax: this.dateMax,
      undated: this.undated,
      byPlatform: [...this.platforms].map(([value, count]) => ({ value, count })).sort(byCountThenName),
      bySource: [...this.sources]
        .map(([value, s]) => ({ value, count: s.count, platform: topPlatform(s.platforms) }))
        .sort(byCountThenName),
      byMonth: [...this.months]
        .map(([m, count]) => ({ month: m, count }))
        .sort((a, b) => a.month.localeCompare(b.month)),
      lengths: LENGTH_BUCKETS.map((min, i) => ({
        min,
        max: LENGTH_BUCKETS[i + 1] ?? null,
        count: this.lengths[i]!,
      })),
    };
  }
}

/** Annotation labels of documents by source and month; `result()` keeps the largest sources. */
export class LabelTally {
  private readonly all = emptyCounts();
  private readonly sources = new Map<string, LabelCounts>();
  private readonly months = new Map<string, LabelCounts>();
  private readonly sourceMonths = new Map<
    string,
    Map<string, { n: number; negativ: number; populism: number }>
  >();
  private undated = 0;

  constructor(
    private readonly kind: AnnotationOverview["kind"],
    private readonly model: string,
    private readonly runId?: string,
  ) {}

  add(doc: Pick<OverviewDoc, "source" | "date" | "dateImputed">, labels: OverviewLabels): void {
    addLabels(this.all, labels);
    let source = this.sources.get(doc.source);
    if (!source) this.sources.set(doc.source, (source = emptyCounts()));
    addLabels(source, labels);
    // An undated document counts in every total but in no month: the import day is no point in time of the texts.
    if (doc.dateImputed) {
      this.undated += 1;
      return;
    }
    const m = month(doc.date);
    let inMonth = this.months.get(m);
    if (!inMonth) this.months.set(m, (inMonth = emptyCounts()));
    addLabels(inMonth, labels);
    let perMonth = this.sourceMonths.get(doc.source);
    if (!perMonth) this.sourceMonths.set(doc.source, (perMonth = new Map()));
    let cell = perMonth.get(m);
    if (!cell) perMonth.set(m, (cell = { n: 0, negativ: 0, populism: 0 }));
    cell.n += 1;
    if (labels.ton === "negativ") cell.negativ += 1;
    if (labels.populism) cell.populism += 1;
  }

  get count(): number {
    return this.all.n;
  }

  result(): AnnotationOverview {
    const sources = [...this.sources]
      .map(([source, counts]) => ({ source, ...counts }))
      .sort((a, b) => b.n - a.n || a.source.localeCompare(b.source));
    return {
      kind: this.kind,
      model: this.model,
      ...(this.runId ? { runId: this.runId } : {}),
      all: this.all,
      undated: this.undated,
      bySource: sources.slice(0, OVERVIEW_LIMITS.sources),
      byMonth: [...this.months]
        .map(([m, counts]) => ({ month: m, ...counts }))
        .sort((a, b) => a.month.localeCompare(b.month)),
      sourceMonths: sources.slice(0, OVERVIEW_LIMITS.sourceMonths).map(({ source }) => ({
        source,
        months: [...(this.sourceMonths.get(source) ?? new Map())]
          .map(([m, cell]) => ({ month: m, ...cell }))
          .sort((a, b) => a.month.localeCompare(b.month)),
      })),
    };
  }
}
