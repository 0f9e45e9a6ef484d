// Finds the answer's citations ([1], [2][3], [1, 4]) in plain text. Numbers are 1-based positions in the
// answer's source list, the order in which the server numbered the passages in its prompt. One definition, in the
// contract, for the chips here and the server's grounding check.
export { splitCitations, type CitationPart as TextPart } from "../../../contract/grounding";
