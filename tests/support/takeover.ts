// What the tests of a workbench job taken over after a crash share (cluster.test.ts, workbenchRestart.test.ts): a
// fake annotator that answers every row alike after a pause, a data set of numbered comments, a run of it on that
// annotator, and the count of the annotator's calls (which shows that no stored row was asked again).
import type { Annotation } from "../../contract/annotation";
import type { DatasetResponse, RunResponse } from "../../contract/workbench";
import { startFakeOpenAI, type FakeServer } from "./fakeOpenAI";
import { api, upload, type ApiResult } from "./workbench";

export const FAKE_ANNOTATOR = "openai-compatible:fals-adnotator";

const ANNOTATION: Annotation = {
  ton: "negativ",
  populism: false,
  anti_elitism: true,
  popor_central: false,
  tema: "pensii",
  tinta: "Guvernul",
  incredere: 0.8,
  justificare: "Ton negativ față de guvern.",
  dovezi: [],
};

/** The fake annotator, `delayMs` for every answer: long enough for a run to be killed mid-way. */
export async function startFakeAnnotator(delayMs: number): Promise<FakeServer> {
  const fake = await startFakeOpenAI();
  fake.setDefault({ json: ANNOTATION, delayMs });
  return fake;
}

/** `rows` comments uploaded through `uploadUrl` and made a data set through `datasetUrl` (the same or another). */
export async function commentsDataset(
  uploadUrl: string,
  datasetUrl: string,
  rows: number,
): Promise<ApiResult<DatasetResponse>> {
  const csv = [
    "id,text",
    ...Array.from({ length: rows }, (_, i) => `r${i},"Comentariul ${i}: Guvernul taie pensiile"`),
  ];
  const uploaded = await upload<{ uploadId: string }>(uploadUrl, "comentarii.csv", csv.join("\n") + "\n");
  return api<DatasetResponse>(datasetUrl, "POST", "/datasets", {
    uploadId: uploaded.body.uploadId,
    mapping: { text: "text", id: "id" },
  });
}

/** Starts a run of the data set on the fake annotator. */
export async function startFakeRun(url: string, datasetId: string): Promise<RunResponse> {
  const started = await api<RunResponse>(url, "POST", "/runs", { datasetId, models: [FAKE_ANNOTATOR] });
  return started.body;
}

/** The chat-completion requests the fake annotator received. */
export function annotatorCalls(fake: FakeServer): number {
  return fake.requests.filter((r) => r.path.includes("chat/completions")).length;
}
