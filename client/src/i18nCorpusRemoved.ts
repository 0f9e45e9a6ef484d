// The words of the corpus page's "Deleted documents" panel and of its restore job, in Romanian and English; spread
// into the corpus page's dictionaries (./i18nCorpus.ts).
export const corpusRemovedRo = {
  "corpus.removed.title": "Documente șterse ({count})",
  "corpus.removed.hint":
    "Documentele șterse din corpus, cele mai noi întâi. „Pune înapoi” le readuce în colecția lor, în index și în răspunsurile conversației.",
  "corpus.removed.empty": "Niciun document șters.",
  "corpus.removed.more": "Se arată cele mai noi {shown} din {total}.",
  "corpus.removed.meta": "colecția {collection} · șters {when}",
  "corpus.removed.restore": "Pune înapoi",
  "corpus.removed.restoreLabel": "Pune înapoi documentul „{name}” în colecția „{collection}”",
  "corpus.removed.release": "Scoate din registru",
  "corpus.removed.releaseLabel": "Scoate documentul „{name}” din registrul ștergerilor",
  "corpus.removed.gone":
    "Rândurile lui nu mai sunt în corpus/removed: nu poate fi pus înapoi, doar scos din registrul ștergerilor (apoi fișierul lui, reimportat, îl aduce înapoi).",
  "corpus.removed.confirmRestore":
    "Puneți înapoi documentul „{name}” în colecția „{collection}”? Revine în index, în listă și în răspunsurile conversației, iar curățările următoare îl păstrează.",
  "corpus.removed.confirmRelease":
    "Scoateți documentul „{name}” (colecția „{collection}”) din registrul ștergerilor? Rândurile lui nu mai există, deci nu revine acum; revine dacă reimportați fișierul lui.",
  "corpus.removed.busy": "Așteptați să se termine schimbarea corpusului în curs.",
  "corpus.removed.unreadableOne":
    "Atenție: un rând din registrul ștergerilor (corpus/removed.jsonl) nu poate fi citit (nu e JSON sau nu are forma unei intrări). Nu apare în listă și nu ține niciun text deoparte; a rămas în fișier, unde îl puteți corecta.",
  "corpus.removed.unreadable":
    "Atenție: {lines} din registrul ștergerilor (corpus/removed.jsonl) nu pot fi citite (nu sunt JSON sau nu au forma unei intrări). Nu apar în listă și nu țin niciun text deoparte; au rămas în fișier, unde le puteți corecta.",
  "corpus.job.restoreDocumentTitle": "Punerea înapoi a documentului „{name}”",
  "corpus.job.doneRestoreDocument": "Gata în {time}. Documentul apare din nou în listă și în răspunsuri.",
  "corpus.job.doneReleaseDocument":
    "Gata în {time}. Documentul a ieșit din registrul ștergerilor; reimportați fișierul lui ca să revină.",
  "corpus.job.failedRestoreDocument":
    "Punerea înapoi a documentului a eșuat: {message} Corpusul și indexul au rămas cum erau.",
  "corpus.stage.reindexRestore": "Index cu documentul",
  "corpus.job.restoredAs": "Documentul a revenit ca „{restoredId}”: id-ul „{id}” era luat între timp.",
};

export const corpusRemovedEn: Record<keyof typeof corpusRemovedRo, string> = {
  "corpus.removed.title": "Deleted documents ({count})",
  "corpus.removed.hint":
    'The documents deleted from the corpus, newest first. "Put back" returns one to its collection, the index and the chat\'s answers.',
  "corpus.removed.empty": "No deleted document.",
  "corpus.removed.more": "Showing the newest {shown} of {total}.",
  "corpus.removed.meta": "collection {collection} · deleted {when}",
  "corpus.removed.restore": "Put back",
  "corpus.removed.restoreLabel": 'Put the document "{name}" back into the collection "{collection}"',
  "corpus.removed.release": "Take out of the ledger",
  "corpus.removed.releaseLabel": 'Take the document "{name}" out of the removal ledger',
  "corpus.removed.gone":
    "Its lines are no longer in corpus/removed: it cannot be put back, only taken out of the removal ledger (then its file, imported again, brings it back).",
  "corpus.removed.confirmRestore":
    'Put the document "{name}" back into the collection "{collection}"? It returns to the index, the list and the chat\'s answers, and later cleans keep it.',
  "corpus.removed.confirmRelease":
    'Take the document "{name}" (collection "{collection}") out of the removal ledger? Its lines are gone, so it does not come back now; it does if you import its file again.',
  "corpus.removed.busy": "Wait for the corpus change under way to finish.",
  "corpus.removed.unreadableOne":
    "Warning: a line of the removal ledger (corpus/removed.jsonl) cannot be read (not JSON, or not an entry's shape). It is not in the list and keeps no text out; it is still in the file, where you can fix it.",
  "corpus.removed.unreadable":
    "Warning: {lines} of the removal ledger (corpus/removed.jsonl) cannot be read (not JSON, or not an entry's shape). They are not in the list and keep no text out; they are still in the file, where you can fix them.",
  "corpus.job.restoreDocumentTitle": 'Putting the document "{name}" back',
  "corpus.job.doneRestoreDocument": "Done in {time}. The document is in the list and the answers again.",
  "corpus.job.doneReleaseDocument":
    "Done in {time}. The document is out of the removal ledger; import its file again to bring it back.",
  "corpus.job.failedRestoreDocument":
    "Putting the document back failed: {message} The corpus and the index are as they were.",
  "corpus.stage.reindexRestore": "Index with the document",
  "corpus.job.restoredAs":
    'The document came back as "{restoredId}": the id "{id}" had been taken in the meantime.',
};
