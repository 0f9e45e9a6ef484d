// The words of the corpus page's job panel (a job's title, its stages, its outcome, the queue behind it) and of the
// index's rebuild, in Romanian and English; spread into the corpus page's dictionaries (./i18nCorpus.ts).

export const corpusJobRo = {
  "corpus.job.title": "Import: {name}",
  "corpus.job.removeTitle": "Eliminare: {name}",
  "corpus.job.catalogTitle": "Pregătirea documentelor pentru explorare",
  "corpus.job.rebuildTitle": "Reconstruirea indexului",
  "corpus.job.doneRebuild": "Gata în {time}. Conversația răspunde acum din indexul reconstruit.",
  "corpus.job.failedRebuild":
    "Reconstruirea indexului a eșuat: {message} Corpusul și indexul au rămas cum erau.",
  "corpus.stage.rebuild": "Index (construit de la zero)",
  "corpus.job.removeDocumentTitle": "Ștergerea documentului „{name}”",
  "corpus.job.doneRemoveDocument": "Gata în {time}. Documentul nu mai apare în răspunsuri și nici în listă.",
  "corpus.job.failedRemoveDocument":
    "Ștergerea documentului a eșuat: {message} Corpusul și indexul au rămas cum erau.",
  "corpus.job.rawNotFound":
    "Atenție: documentul nu a fost găsit în fișierul importat al colecției (a fost modificat?). Curățările următoare îi lasă deoparte textul; doar o variantă schimbată a textului poate reveni.",
  "corpus.stage.reindexDocument": "Index fără document",
  "corpus.index.problemTitle": "Indexul corpusului nu poate fi citit",
  "corpus.index.problemHint":
    "Până îl reconstruiți, conversația nu poate căuta în corpus. Reconstruirea face indexul de la zero din colecțiile curățate; colecțiile rămân cum sunt.",
  "corpus.index.rebuild": "Reconstruiește indexul",
  "corpus.index.rebuildHint":
    "Face indexul de la zero din colecțiile curățate (toți vectorii se calculează din nou): ajută când căutarea se poartă ciudat.",
  "corpus.index.confirmRebuild":
    "Reconstruiți indexul de la zero? Toți vectorii se calculează din nou ({chunks}); până la final conversația folosește indexul de acum.",
  "corpus.job.queued": "În așteptare (un singur import rulează odată)…",
  "corpus.job.waiting":
    "Aștept să se termine o altă schimbare a corpusului (pe altă instanță sau din linia de comandă)…",
  "corpus.job.running": "În lucru",
  "corpus.job.resumedBadge": "(reluat după repornire)",
  "corpus.job.resumedHint":
    "Serverul a repornit în timp ce lucra, așa că îl rulează din nou de la început. Corpusul și indexul au rămas cum erau până la terminare.",
  "corpus.queue.title": "La rând",
  "corpus.queue.cancel": "Anulează",
  "corpus.queue.cancelNamed": "Anulează: {name}",
  "corpus.queue.hint":
    "Rulează pe rând, în această ordine. Unul anulat nu mai rulează; corpusul rămâne cum era.",
  "corpus.job.done": "Gata în {time}. Conversația răspunde acum și din documentele noi.",
  "corpus.job.doneCatalog": "Gata în {time}. Documentele corpusului pot fi explorate mai jos.",
  "corpus.job.doneRemove": "Gata în {time}. Documentele colecției nu mai apar în răspunsuri.",
  "corpus.job.unchanged": "Nicio schimbare: același fișier, cu aceleași setări, era deja în corpus.",
  "corpus.job.doneSame":
    "Gata în {time}. Curățat, corpusul are aceleași documente ca înainte, deci indexul a rămas același.",
  "corpus.job.failed": "Importul a eșuat: {message} Corpusul și indexul au rămas cum erau.",
  "corpus.job.stopped": "Oprit. Corpusul și indexul au rămas cum erau.",
  "corpus.job.stop": "Oprește",
  "corpus.job.resume": "Reia",
  "corpus.job.eta": "încă ~{time}",
  "corpus.stage.import": "Import",
  "corpus.stage.clean": "Curățare",
  "corpus.stage.cleanRest": "Curățarea colecțiilor rămase",
  "corpus.stage.reindex": "Index fără colecție",
  "corpus.stage.index": "Index",
  "corpus.stage.annotate": "Adnotare (offline:lexicon)",
};

export const corpusJobEn: Record<keyof typeof corpusJobRo, string> = {
  "corpus.job.title": "Import: {name}",
  "corpus.job.removeTitle": "Removal: {name}",
  "corpus.job.catalogTitle": "Preparing the documents for browsing",
  "corpus.job.rebuildTitle": "Rebuilding the index",
  "corpus.job.doneRebuild": "Done in {time}. The chat now answers from the rebuilt index.",
  "corpus.job.failedRebuild":
    "Rebuilding the index failed: {message} The corpus and the index are as they were.",
  "corpus.stage.rebuild": "Index (built from scratch)",
  "corpus.job.removeDocumentTitle": 'Deleting the document "{name}"',
  "corpus.job.doneRemoveDocument":
    "Done in {time}. The document no longer appears in answers or in the list.",
  "corpus.job.failedRemoveDocument":
    "Deleting the document failed: {message} The corpus and the index are as they were.",
  "corpus.job.rawNotFound":
    "Note: the document was not found in the collection's imported file (was it edited?). Later cleans leave its text out; only a changed version of the text may come back.",
  "corpus.stage.reindexDocument": "Index without the document",
  "corpus.index.problemTitle": "The corpus index cannot be read",
  "corpus.index.problemHint":
    "Until you rebuild it, the chat cannot search the corpus. A rebuild makes the index from scratch from the cleaned collections; the collections stay as they are.",
  "corpus.index.rebuild": "Rebuild the index",
  "corpus.index.rebuildHint":
    "Makes the index from scratch from the cleaned collections (every vector computed again): it helps when search behaves oddly.",
  "corpus.index.confirmRebuild":
    "Rebuild the index from scratch? All vectors are computed again ({chunks}); until it ends the chat uses the current index.",
  "corpus.job.queued": "Waiting (one import runs at a time)…",
  "corpus.job.waiting":
    "Waiting for another change of the corpus to finish (on another instance or from the command line)…",
  "corpus.job.running": "Working",
  "corpus.job.resumedBadge": "(resumed after a restart)",
  "corpus.job.resumedHint":
    "The server restarted while it worked, so it runs it again from the start. The corpus and the index stay as they were until it finishes.",
  "corpus.queue.title": "Waiting",
  "corpus.queue.cancel": "Cancel",
  "corpus.queue.cancelNamed": "Cancel: {name}",
  "corpus.queue.hint":
    "They run one at a time, in this order. A cancelled one never runs; the corpus stays as it was.",
  "corpus.job.done": "Done in {time}. The chat now answers from the new documents too.",
  "corpus.job.doneCatalog": "Done in {time}. The corpus's documents can be explored below.",
  "corpus.job.doneRemove": "Done in {time}. The collection's documents no longer appear in answers.",
  "corpus.job.unchanged":
    "Nothing changed: the same file, with the same settings, was already in the corpus.",
  "corpus.job.doneSame":
    "Done in {time}. Once cleaned, the corpus holds the same documents as before, so the index stayed the same.",
  "corpus.job.failed": "The import failed: {message} The corpus and the index are as they were.",
  "corpus.job.stopped": "Stopped. The corpus and the index are as they were.",
  "corpus.job.stop": "Stop",
  "corpus.job.resume": "Resume",
  "corpus.job.eta": "~{time} to go",
  "corpus.stage.import": "Import",
  "corpus.stage.clean": "Cleaning",
  "corpus.stage.cleanRest": "Cleaning the remaining collections",
  "corpus.stage.reindex": "Index without the collection",
  "corpus.stage.index": "Index",
  "corpus.stage.annotate": "Annotation (offline:lexicon)",
};
