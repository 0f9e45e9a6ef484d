// Evidence marked with the keyboard on the review card (ReviewEvidence's word cursor): its button, its region's name
// and keys, what the live region says as it moves (and runs into the text's start or end) and marks, and the card's key list entry, in Romanian and English;
// merged into the dictionaries of i18n.ts.

export const evidenceKeysRo = {
  "wb.evidenceKeys.start": "Marchează cu tastatura (V)",
  "wb.evidenceKeys.region": "Textul rândului, marcare de dovezi cu tastatura",
  "wb.evidenceKeys.hint":
    "←/→ cuvântul anterior/următor · Shift+←/→ extinde selecția · Home/End primul/ultimul cuvânt · ↑/↓ schimbă câmpul · Enter marchează cuvintele selectate ca dovadă pentru: {field} · Esc iese",
  "wb.evidenceKeys.selected": "Selectat: „{words}”",
  "wb.evidenceKeys.atStart": "Începutul textului. Selectat: „{words}”",
  "wb.evidenceKeys.atEnd": "Sfârșitul textului. Selectat: „{words}”",
  "wb.evidenceKeys.marked": "Marcat ca dovadă pentru {field}: „{words}”",
  "wb.evidenceKeys.field": "Dovadă pentru: {field}.",
  "wb.review.keysEvidence":
    "· V marchează dovezi cu tastatura (←/→ cuvintele, Shift extinde, Enter marchează, Esc iese)",
};

export const evidenceKeysEn: Record<keyof typeof evidenceKeysRo, string> = {
  "wb.evidenceKeys.start": "Mark with the keyboard (V)",
  "wb.evidenceKeys.region": "The row's text, marking evidence with the keyboard",
  "wb.evidenceKeys.hint":
    "←/→ previous/next word · Shift+←/→ extends the selection · Home/End first/last word · ↑/↓ change the field · Enter marks the selected words as evidence for: {field} · Esc leaves",
  "wb.evidenceKeys.selected": "Selected: “{words}”",
  "wb.evidenceKeys.atStart": "Start of the text. Selected: “{words}”",
  "wb.evidenceKeys.atEnd": "End of the text. Selected: “{words}”",
  "wb.evidenceKeys.marked": "Marked as evidence for {field}: “{words}”",
  "wb.evidenceKeys.field": "Evidence for: {field}.",
  "wb.review.keysEvidence":
    "· V marks evidence with the keyboard (←/→ words, Shift extends, Enter marks, Esc leaves)",
};
