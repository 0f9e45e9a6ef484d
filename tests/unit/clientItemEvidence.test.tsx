// The results' row panel shows each person's evidence spans highlighted in the row's text, as the adjudication does,
// and only where it shows their labels: under blind review, before this person has saved, the others' labels (and
// their spans) wait; this person's own spans are theirs to see.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ItemPeople } from "../../client/src/components/workbench/ItemPanel";
import { I18nProvider } from "../../client/src/i18nContext";
import type { HumanReviewLabel, ItemDetail } from "../../contract/workbench";

const T1 = "2026-12-07T08:00:00.000Z";
const text = "Hoții ne fură pensiile!";

function label(annotator: string, evidence?: HumanReviewLabel["evidence"]): HumanReviewLabel {
  return {
    datasetId: "ds-1",
    idx: 8,
    annotator,
    labels: { ton: "negativ" },
    note: null,
    status: "labelled",
    blind: false,
    codebookVersion: "1.0.0",
    createdAt: T1,
    updatedAt: T1,
    ...(evidence ? { evidence } : {}),
  };
}

function item(over: Partial<ItemDetail>): ItemDetail {
  return {
    runId: "run-1",
    datasetId: "ds-1",
    idx: 8,
    itemId: "r8",
    text,
    meta: {},
    gold: {},
    annotations: [],
    labels: [],
    mine: null,
    adjudication: null,
    flags: {
      modelsDisagree: [],
      runsDisagree: [],
      minConfidence: null,
      failed: 0,
      done: 0,
      priority: 1,
      reviewers: [],
      adjudicated: false,
      inSample: true,
    },
    withheld: false,
    ...over,
  };
}

const render = (detail: ItemDetail) =>
  renderToStaticMarkup(
    <I18nProvider>
      <ItemPeople item={detail} />
    </I18nProvider>,
  );

describe("people's evidence in the row panel", () => {
  it("highlights each person's spans in the text, under their label", () => {
    const ana = label("ana", [{ start: 0, end: 5, field: "populism" }]);
    const ion = label("ion", [{ start: 14, end: 22 }]);
    const html = render(item({ mine: ana, labels: [ion, label("maria")] }));
    const blocks = html.match(/data-testid="item-evidence" data-annotator="[^"]+"/g);
    expect(blocks).toEqual([
      'data-testid="item-evidence" data-annotator="ana"',
      'data-testid="item-evidence" data-annotator="ion"',
    ]);
    expect(html).toMatch(
      /data-annotator="ana">.*<mark[^>]*data-testid="item-evidence-mark"[^>]*>Hoții<\/mark> ne fură pensiile!/,
    );
    expect(html).toMatch(
      /data-annotator="ion">.*Hoții ne fură <mark[^>]*data-testid="item-evidence-mark"[^>]*>pensiile<\/mark>!/,
    );
    expect(html).toMatch(/title="Populism"[^>]*>Hoții</);
  });

  it("waits with the others' spans as with their labels under blind review, and shows this person's own", () => {
    const mine = label("ana", [{ start: 0, end: 5 }]);
    const blind = render(item({ mine, labels: null, annotations: null, withheld: true }));
    expect(blind).toContain('data-testid="item-people-withheld"');
    expect(blind.match(/data-testid="item-evidence"/g)).toHaveLength(1);
    expect(blind).toContain('data-annotator="ana"');
    expect(render(item({ mine: null, labels: null, annotations: null, withheld: true }))).not.toContain(
      "item-evidence",
    );
  });

  it("shows the adjudication's spans too", () => {
    const html = render(item({ adjudication: label("prof", [{ start: 9, end: 13 }]) }));
    expect(html).toMatch(/data-annotator="prof">.*<mark[^>]*>fură<\/mark>/);
  });
});
