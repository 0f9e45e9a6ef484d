// The retriever a chat turn (and a comparison in the chat) searches: the corpus's, re-ranked by the dictionary's
// evidence when the question asks about a codebook dimension (corpus/retrieval/themedSearch.ts; the dimensions only,
// corpusThemes), with the texts attached to the conversation before it (corpus/retrieval/attachments.ts; the topics
// too, attachmentThemes).
import { withAttachments, type ConversationAttachment } from "../../corpus/retrieval/attachments";
import { withThemes } from "../../corpus/retrieval/themedSearch";
import type { Retriever } from "../../corpus/retrieval/types";
import { attachmentThemes, corpusThemes } from "../attachments/themes";

export function chatRetriever(corpus: Retriever, attachments?: readonly ConversationAttachment[]): Retriever {
  const themed = withThemes(corpus, corpusThemes);
  return attachments?.length ? withAttachments(themed, attachments, attachmentThemes) : themed;
}
