// The codebook's Markdown as the page's dialog shows it: without its top heading (the dialog's title says it, with
// the version) and without the maintainers' note on how the file is generated, which is for developers only.
/** The generator note's opening words in docs/codebook.md (server/codebook/codebook.ts writes it). */
const GENERATOR_NOTE = /Fișier generat din/;

export function codebookForDialog(markdown: string): string {
  const paragraphs = markdown.replace(/\r\n/g, "\n").split(/\n{2,}/);
  const kept = paragraphs.filter((p, i) => {
    const text = p.trim();
    // The first heading repeats the dialog's title.
    if (i === firstContent(paragraphs) && /^# /.test(text)) return false;
    // The version paragraph carries the note; the version itself is in the dialog's title.
    return !GENERATOR_NOTE.test(text);
  });
  return kept.join("\n\n").trim() + "\n";
}

function firstContent(paragraphs: readonly string[]): number {
  return paragraphs.findIndex((p) => p.trim() !== "");
}
