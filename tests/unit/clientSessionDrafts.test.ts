// In-tab drafts (an upload being mapped, a corpus import in progress) name another account's files on the server: a
// shared class computer's next student must not find them.
import { describe, expect, it } from "vitest";
import type { UploadPreview } from "../../contract/workbench";
import { importDraft, keepImportDraft } from "../../client/src/state/corpusDraft";
import { draftsBelongTo, forgetSessionDrafts } from "../../client/src/state/sessionDrafts";
import { keepMappingInProgress, mappingInProgress } from "../../client/src/state/uploadInProgress";
import type { MappingDraft } from "../../client/src/state/datasetMapping";

const leave = () => {
  keepMappingInProgress({
    preview: { uploadId: "u-ana" } as UploadPreview,
    draft: { name: "Setul Anei" } as unknown as MappingDraft,
  });
  keepImportDraft({ mode: "feed", feedUrl: "https://exemplu.ro/rss" });
};

describe("the drafts kept in a browser tab", () => {
  it("stay for the same account signing in again, and go when another account signs in", () => {
    draftsBelongTo("ana");
    leave();
    draftsBelongTo("ana");
    expect(mappingInProgress()?.preview.uploadId).toBe("u-ana");
    expect(importDraft().feedUrl).toBe("https://exemplu.ro/rss");
    draftsBelongTo("ion");
    expect(mappingInProgress()).toBeUndefined();
    expect(importDraft().feedUrl).toBe("");
  });

  it("go when the account signs out", () => {
    leave();
    forgetSessionDrafts();
    expect(mappingInProgress()).toBeUndefined();
    expect(importDraft().mode).toBe("file");
  });
});
