// What the review card says instead of saving: the fields a save would leave empty (asked once; the same save again
// saves as it is), by the way the save was asked for, and why Enter with no label chosen saved nothing; the save
// button's words while the card asks, in Romanian and English; merged into the dictionaries of i18n.ts.

export const reviewSaveRo = {
  "wb.review.incomplete": "Necompletate: {fields}. {again}; sau alegeți-le.",
  "wb.review.incompleteOne": "Necompletat: {fields}. {again}; sau alegeți eticheta.",
  "wb.review.again.enter": "Enter încă o dată salvează așa",
  "wb.review.again.note": "Ctrl+Enter (⌘+Enter) încă o dată salvează așa",
  "wb.review.again.button": "„Salvează așa” salvează rândul așa",
  "wb.review.saveAsIs": "Salvează așa",
  "wb.review.nothingChosen":
    "Nu s-a salvat nimic: nu ați ales nicio etichetă. Alegeți eticheta câmpului marcat cu tastele 1–9, 0, a…",
  "wb.review.nothingChosenSkip": "Un rând care nu se poate eticheta: „Sar peste” (S).",
};

export const reviewSaveEn: Record<keyof typeof reviewSaveRo, string> = {
  "wb.review.incomplete": "Not filled in: {fields}. {again}, or pick them.",
  "wb.review.incompleteOne": "Not filled in: {fields}. {again}, or pick its label.",
  "wb.review.again.enter": "Enter once more saves it as it is",
  "wb.review.again.note": "Ctrl+Enter (⌘+Enter) once more saves it as it is",
  "wb.review.again.button": "“Save as is” saves the row as it is",
  "wb.review.saveAsIs": "Save as is",
  "wb.review.nothingChosen":
    "Nothing was saved: no label is chosen. Pick the marked field's label with the keys 1–9, 0, a…",
  "wb.review.nothingChosenSkip": "A row that cannot be labelled: “Skip” (S).",
};
