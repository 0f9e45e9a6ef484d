// The words of the corpus page's starter questions (./components/corpus/StartersEditor.tsx: the questions the empty
// conversation offers for this corpus) and of the drafts it suggests from the corpus (./state/starterDrafts.ts), in
// Romanian (default) and English; spread into the dictionaries of i18n.ts. Keys start with "corpus.starters.".

export const startersRo = {
  "corpus.starters.title": "Întrebări de pornire în chat",
  "corpus.starters.intro":
    "Întrebările pe care o conversație nouă le oferă ca exemple (cel mult {max}). Fără ele, chatul arată exemplele incluse, despre corpusul de probă.",
  "corpus.starters.usingDefaults": "Acum: exemplele incluse.",
  "corpus.starters.usingOwn": "Acum: întrebările alese aici ({count}).",
  "corpus.starters.row": "Întrebarea {n}",
  "corpus.starters.label": "Eticheta (pe buton, cel mult {max} caractere)",
  "corpus.starters.text": "Întrebarea trimisă în chat",
  "corpus.starters.english": "În engleză (opțional; pagina în engleză le arată pe acestea)",
  "corpus.starters.labelEn": "Eticheta în engleză",
  "corpus.starters.textEn": "Întrebarea în engleză",
  "corpus.starters.add": "Adaugă o întrebare",
  "corpus.starters.remove": "Elimină întrebarea {n}",
  "corpus.starters.save": "Salvează",
  "corpus.starters.saving": "Se salvează…",
  "corpus.starters.saved": "Salvat. O conversație nouă arată aceste întrebări.",
  "corpus.starters.savedDefaults": "Salvat. O conversație nouă arată din nou exemplele incluse.",
  "corpus.starters.reset": "Înapoi la exemplele incluse",
  "corpus.starters.confirmReset": "Ștergeți întrebările alese și reveniți la exemplele incluse?",
  "corpus.starters.suggest": "Sugerează din corpus",
  "corpus.starters.suggestHint":
    "Completează ciorne din sursele, platformele și perioada corpusului; verificați-le și salvați.",
  "corpus.starters.nothingToSuggest": "Corpusul nu are încă surse din care să sugerez întrebări.",
  "corpus.starters.error": "Întrebările nu au fost salvate: {message}",
  "corpus.starters.suggest.sourceLabel": "Despre {source}",
  "corpus.starters.suggest.sourceText": "Ce teme apar în textele din „{source}” și cu ce ton?",
  "corpus.starters.suggest.platformsLabel": "{a} față de {b}",
  "corpus.starters.suggest.platformsText": "Cum diferă discuțiile de pe {a} de cele de pe {b}?",
  "corpus.starters.suggest.periodLabel": "Temele perioadei",
  "corpus.starters.suggest.periodText": "Care sunt temele discutate cel mai des între {from} și {to}?",
  "corpus.starters.suggest.populismLabel": "Populism în corpus",
  "corpus.starters.suggest.populismText":
    "Ce comentarii din corpus opun poporul elitelor și cum sunt formulate?",
};

export const startersEn: Record<keyof typeof startersRo, string> = {
  "corpus.starters.title": "Starter questions in the chat",
  "corpus.starters.intro":
    "The questions a new conversation offers as examples (at most {max}). Without them, the chat shows the built-in examples, about the sample corpus.",
  "corpus.starters.usingDefaults": "Now: the built-in examples.",
  "corpus.starters.usingOwn": "Now: the questions chosen here ({count}).",
  "corpus.starters.row": "Question {n}",
  "corpus.starters.label": "Label (on the button, at most {max} characters)",
  "corpus.starters.text": "Question sent to the chat",
  "corpus.starters.english": "In English (optional; the English page shows these)",
  "corpus.starters.labelEn": "Label in English",
  "corpus.starters.textEn": "Question in English",
  "corpus.starters.add": "Add a question",
  "corpus.starters.remove": "Remove question {n}",
  "corpus.starters.save": "Save",
  "corpus.starters.saving": "Saving…",
  "corpus.starters.saved": "Saved. A new conversation shows these questions.",
  "corpus.starters.savedDefaults": "Saved. A new conversation shows the built-in examples again.",
  "corpus.starters.reset": "Back to the built-in examples",
  "corpus.starters.confirmReset": "Delete the chosen questions and go back to the built-in examples?",
  "corpus.starters.suggest": "Suggest from the corpus",
  "corpus.starters.suggestHint":
    "Fills drafts from the corpus's sources, platforms and period; check them and save.",
  "corpus.starters.nothingToSuggest": "The corpus has no sources yet to suggest questions from.",
  "corpus.starters.error": "The questions were not saved: {message}",
  "corpus.starters.suggest.sourceLabel": "About {source}",
  "corpus.starters.suggest.sourceText": "What topics come up in the texts from “{source}”, and in what tone?",
  "corpus.starters.suggest.platformsLabel": "{a} versus {b}",
  "corpus.starters.suggest.platformsText": "How do the discussions on {a} differ from those on {b}?",
  "corpus.starters.suggest.periodLabel": "Topics of the period",
  "corpus.starters.suggest.periodText": "Which topics were discussed most often between {from} and {to}?",
  "corpus.starters.suggest.populismLabel": "Populism in the corpus",
  "corpus.starters.suggest.populismText":
    "Which comments in the corpus set the people against the elites, and how are they worded?",
};
