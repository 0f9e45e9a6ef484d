// A coder of an agreement report with its labels: one column per review field, row i holding its label of row i (or
// null where it gave none). The agreement computer (./agreement.ts) and the classmates' folding (./peerAgreement.ts)
// both read them.
import type { Coder, Estimate, ReferenceScore, ReviewField } from "../../contract/workbench";

export type Column = (string | null)[];

export interface CoderColumns extends Coder {
  columns: Record<ReviewField, Column>;
}

/** The statistics the classmates' folding asks of the agreement computer (AgreementComputer gives them). */
export interface CoderStatistics {
  vsReference(coder: CoderColumns, reference: Column, field: ReviewField): Promise<ReferenceScore>;
  meanKappa(pairs: [Column, Column][], field: ReviewField, n: number): Promise<Estimate>;
}
