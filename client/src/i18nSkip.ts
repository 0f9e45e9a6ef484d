// "Sar peste" / "Nu sunt sigur(ă)": the review card's skip and unsure buttons, their key, the note on a skipped row,
// the class progress's column of rows skipped and unsure, and the adjudication's mark of an unsure label, in Romanian
// and English; merged into the dictionaries of i18n.ts.

export const skipRo = {
  "wb.review.skip": "Sar peste (S)",
  "wb.review.unsure": "Nu sunt sigur(ă)",
  "wb.review.skippedNote":
    "Ați sărit peste acest rând: nu intră în acord, iar exportul îl arată ca sărit, fără etichete. Alegeți etichete și salvați, dacă vă răzgândiți.",
  "wb.review.keysSkip": "· S sare peste rând (fără etichete) și trece la următorul",
  "wb.classProgress.col.skipped": "Sărite / nesigure",
  "wb.classProgress.skipped": "{skipped} / {unsure}",
  "wb.adjudication.unsure": "nesigur(ă)",
};

export const skipEn: Record<keyof typeof skipRo, string> = {
  "wb.review.skip": "Skip (S)",
  "wb.review.unsure": "Not sure",
  "wb.review.skippedNote":
    "You skipped this row: it counts in no agreement, and the export shows it as skipped, with no labels. Pick labels and save if you change your mind.",
  "wb.review.keysSkip": "· S skips the row (no labels) and goes to the next one",
  "wb.classProgress.col.skipped": "Skipped / unsure",
  "wb.classProgress.skipped": "{skipped} / {unsure}",
  "wb.adjudication.unsure": "not sure",
};
