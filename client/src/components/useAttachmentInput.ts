// The composer's ways in for an attachment: a long paste (state/attachments.ts's paste rule) and files, picked with
// the paperclip or dropped on the composer (read in the browser as text, with the same checks). Each refusal is said once, in the UI's language, and the typed text stays as it is.
import { useCallback, useRef, useState, type ClipboardEvent } from "react";
import { formatBytes, formatCount } from "../format";
import { NOUNS, countOf } from "../plural";
import type { Translate } from "../i18n";
import {
  addAttachment,
  attachmentChars,
  decodeTextFile,
  pasteBecomesAttachment,
  pastedName,
  type AttachmentProblem,
  type DraftAttachment,
} from "../state/attachments";

/** The most bytes one character of a text file can take (UTF-8; a UTF-16 unit of an emoji's pair takes 2). */
const MAX_BYTES_PER_CHAR = 3;

let nextId = 0;
const newId = () => `att-${++nextId}`;

/** A refusal as the UI says it. */
export function problemMessage(t: Translate, lang: "ro" | "en", p: AttachmentProblem): string {
  switch (p.code) {
    case "tooMany":
      return t("attach.error.tooMany", { limit: p.limit });
    case "tooLong":
      return t("attach.error.tooLong", {
        name: p.name,
        length: countOf(p.length, NOUNS.character, lang),
        limit: formatCount(p.limit, lang),
      });
    case "empty":
      return t("attach.error.empty", { name: p.name });
    case "binary":
      return t("attach.error.binary", { name: p.name });
  }
}

interface Options {
  attachments: readonly DraftAttachment[];
  onChange: (next: DraftAttachment[]) => void;
  maxChars: number;
  maxAttachmentChars: number;
  t: Translate;
  lang: "ro" | "en";
}

export function useAttachmentInput({
  attachments,
  onChange,
  maxChars,
  maxAttachmentChars,
  t,
  lang,
}: Options) {
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  // Said once a long paste became an attachment, so that the text seen not appearing in the input is explained.
  const [notice, setNotice] = useState<string | null>(null);
  // Files are read one after another; each adds to the list as it is when it finishes.
  const current = useRef(attachments);
  current.current = attachments;

  const add = useCallback(
    (next: DraftAttachment): boolean => {
      const added = addAttachment(current.current, next, maxAttachmentChars);
      if (!added.ok) {
        setProblem(problemMessage(t, lang, added.problem));
        return false;
      }
      current.current = added.list;
      onChange(added.list);
      return true;
    },
    [maxAttachmentChars, onChange, t, lang],
  );

  const onPaste = useCallback(
    (e: ClipboardEvent<HTMLTextAreaElement>) => {
      const pasted = e.clipboardData.getData("text/plain");
      const el = e.currentTarget;
      const draft = { length: el.value.length, selected: el.selectionEnd - el.selectionStart };
      if (!pasteBecomesAttachment(pasted, draft, maxChars)) return;
      e.preventDefault();
      const name = pastedName(t("attach.pastedName"), current.current);
      if (add({ id: newId(), kind: "paste", name, text: pasted })) {
        setProblem(null);
        setNotice(
          t("attach.pasted", { chars: countOf(attachmentChars({ text: pasted }), NOUNS.character, lang) }),
        );
      }
    },
    [add, maxChars, t, lang],
  );

  const onFiles = useCallback(
    async (files: readonly File[]) => {
      setProblem(null);
      setNotice(null);
      setReading(true);
      try {
        for (const file of files) {
          // A file this large cannot hold few enough characters (UTF-8 takes at most 3 bytes for one of them): it is
          // refused before being read, so that a video dropped by mistake is not loaded into the tab.
          if (file.size > maxAttachmentChars * MAX_BYTES_PER_CHAR) {
            setProblem(
              t("attach.error.tooBig", {
                name: file.name,
                size: formatBytes(file.size, lang),
                limit: countOf(maxAttachmentChars, NOUNS.character, lang),
              }),
            );
            continue;
          }
          const bytes = new Uint8Array(await file.arrayBuffer());
          const decoded = decodeTextFile(bytes);
          if (!decoded.ok) {
            setProblem(problemMessage(t, lang, { code: decoded.problem, name: file.name }));
            continue;
          }
          add({ id: newId(), kind: "file", name: file.name, text: decoded.text });
        }
      } catch (err) {
        setProblem(t("attach.error.unreadable", { name: files[0]?.name ?? "" }));
        console.warn("reading an attachment failed", err);
      } finally {
        setReading(false);
      }
    },
    [add, maxAttachmentChars, t, lang],
  );

  const remove = useCallback(
    (index: number) => {
      setProblem(null);
      setNotice(null);
      onChange(current.current.filter((_, i) => i !== index));
    },
    [onChange],
  );

  /** Forgets what was said about earlier attachments (the message left with them). */
  const clear = useCallback(() => {
    setProblem(null);
    setNotice(null);
  }, []);

  return { onPaste, onFiles, remove, clear, problem, notice, reading };
}
