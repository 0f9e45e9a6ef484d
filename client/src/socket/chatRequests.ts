// What the chat's requests carry to the server. Each names the page's language when it leaves, so that the turn's
// framing and the request's errors follow a language switch at once: the connection is not remade for it, not even
// while an answer started in the other language is still written (that answer goes on as it began). No React.
import type { ChatSendPayload, ChatStopPayload } from "../../../contract/protocol";
import type { ChatSettings } from "../../../contract/settings";
import type { Attachment } from "../../../contract/attachments";
import type { Lang } from "../i18n";

export interface SendRequest {
  text: string;
  threadId?: string;
  settings?: ChatSettings;
  /** An ended answer this send replaces as a new version of its turn. */
  regenerates?: string;
  /** The answer the question is asked after (not sent beside `regenerates`, which places the send). */
  follows?: string;
  attachments?: Attachment[];
}

/** The chat:send payload for a question asked while the page is in `lang`. */
export function chatSendPayload(lang: Lang, request: SendRequest): ChatSendPayload {
  const payload: ChatSendPayload = { text: request.text, lang };
  if (request.threadId) payload.threadId = request.threadId;
  if (request.settings) payload.settings = request.settings;
  if (request.regenerates) payload.regenerates = request.regenerates;
  // A new version is placed by the answer it replaces; the server needs no `follows` beside it.
  else if (request.follows) payload.follows = request.follows;
  if (request.attachments?.length) payload.attachments = request.attachments;
  return payload;
}

/** The chat:stop payload, its refusal worded in `lang`. */
export function chatStopPayload(lang: Lang, messageId: string): ChatStopPayload {
  return { messageId, lang };
}
