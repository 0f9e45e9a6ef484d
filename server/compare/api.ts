// The types of the /api/compare endpoints in one place, for the client to import with `import type` only
// (docs/compare.md describes each request and response).
export type { SuiteInfo } from "./suite";
export type { FinishReason, AssertionResult } from "./assertions";
export type { CallError } from "./calls";
export type { AnnotationDifference, ChatCompareAnswer, ChatCompareResponse, ComparedField } from "./chat";
export type { RankEntry, Recommendation } from "./recommend";
export type {
  CaseAnswer,
  CaseView,
  CompareChatRequest,
  CompareRunResponse,
  CompareStartRequest,
  CompareStartResponse,
  CompareSuitesResponse,
  RunStatus,
} from "./routes";
export type { RowStatus } from "./runner";
export type {
  AnnotationSummary,
  CompareResults,
  Distribution,
  FieldAgreement,
  ModelSummary,
  StabilityAtTemperature,
  TemperatureSummary,
} from "./summary";
