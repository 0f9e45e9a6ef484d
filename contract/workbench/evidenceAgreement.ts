// Agreement on evidence (1.26): whether two people marked the same words of a row as evidence for their labels, as
// character-level overlap F1 (Dice) between their spans, the measure span-annotation studies report between coders
// (one coder taken as reference; F1 is symmetric). docs/workbench.md, "Evidence agreement", says what counts.
import type { ReviewField } from "./base";

/** One pair's (or a mean's) evidence F1 over the rows it rests on. */
export interface EvidenceScore {
  /**
   * Mean over rows of 2|A∩B| / (|A| + |B|), A and B the characters (UTF-16 code units) each person marked; null with
   * no row. A row where only one of them marked words counts as 0.
   */
  f1: number | null;
  /** Rows it rests on: both labelled the row (the field, for a field) and at least one marked words. */
  rows: number;
}

/** The score of a field's spans, or of the whole label's (spans naming no field) when `field` is absent. */
export interface EvidenceFieldScore extends EvidenceScore {
  field?: ReviewField;
}

export interface EvidencePair {
  /** Coder keys (`human:<name>`, or `peers` for the classmates folded together under blind review). */
  a: string;
  b: string;
  /** Every span of the row, whatever it names: did they point at the same words. */
  all: EvidenceScore;
  /** Per field (the schema's order), then the whole label's spans. */
  fields: EvidenceFieldScore[];
}

export interface EvidenceAgreement {
  /** People who marked evidence on at least one row in scope. */
  people: number;
  pairs: EvidencePair[];
  /**
   * The mean over pairs (each pair weighs the same) of the pairs that rest on at least one row; `rows` the rows any
   * of them rests on, `pairs` how many there are.
   */
  mean: {
    all: EvidenceScore & { pairs: number };
    fields: (EvidenceFieldScore & { pairs: number })[];
  };
}
