// What the chat's requests carry: each names the page's language when it leaves (the server answers and refuses in
// it), so that a question asked after a switch made while an answer was written is answered in the new language with
// no reconnect; the rest of a send is as before (a regenerate is placed by the answer it replaces, not by `follows`).
import { describe, expect, it } from "vitest";
import { ChatSendSchema, ChatStopSchema } from "../../contract/protocol";
import { chatSendPayload, chatStopPayload } from "../../client/src/socket/chatRequests";

describe("the chat's requests", () => {
  it("name the page's language, and the server's schema takes them", () => {
    const ro = chatSendPayload("ro", { text: "Cum este discutată diaspora în campania electorală?" });
    const en = chatSendPayload("en", { text: "Și pensiile?", threadId: "t-1", follows: "a-1" });
    expect(ro).toEqual({ text: "Cum este discutată diaspora în campania electorală?", lang: "ro" });
    expect(en).toEqual({ text: "Și pensiile?", lang: "en", threadId: "t-1", follows: "a-1" });
    expect(ChatSendSchema.parse(en)).toEqual(en);
    const stop = chatStopPayload("en", "a-2");
    expect(stop).toEqual({ messageId: "a-2", lang: "en" });
    expect(ChatStopSchema.parse(stop)).toEqual(stop);
  });

  it("place a regenerate by the answer it replaces, and leave out empty parts", () => {
    const again = chatSendPayload("en", {
      text: "Și pensiile?",
      threadId: "t-1",
      regenerates: "a-1",
      follows: "a-0",
      attachments: [],
      settings: { temperature: 0.2 },
    });
    expect(again).toEqual({
      text: "Și pensiile?",
      lang: "en",
      threadId: "t-1",
      regenerates: "a-1",
      settings: { temperature: 0.2 },
    });
  });
});
