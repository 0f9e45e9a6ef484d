// The UI's words for copying an answer (the plain answer, or the answer with its numbered sources), in Romanian and
// English; merged into the dictionaries of i18n.ts, so their keys are MessageKeys like any other.

export const copyRo = {
  "copy.answerLabel": "Copiază: doar textul răspunsului",
  "copy.withSources": "Copiază cu surse",
  "copy.withSourcesLabel": "Copiază cu surse: răspunsul și sursele citate, sub numerele lor",
  "copy.copiedStatus": "Copiat în clipboard.",
  "copy.failed": "Nu s-a putut copia. Selectați textul răspunsului și apăsați Ctrl+C.",
  "copy.sourcesHeading": "Surse:",
};

export const copyEn: Record<keyof typeof copyRo, string> = {
  "copy.answerLabel": "Copy: the answer's text only",
  "copy.withSources": "Copy with sources",
  "copy.withSourcesLabel": "Copy with sources: the answer and its cited sources, under their numbers",
  "copy.copiedStatus": "Copied to the clipboard.",
  "copy.failed": "Could not copy. Select the answer's text and press Ctrl+C.",
  "copy.sourcesHeading": "Sources:",
};
