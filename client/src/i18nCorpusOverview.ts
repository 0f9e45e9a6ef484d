// The words of the corpus page's overview (its charts and the annotation of the corpus with a model), in Romanian and
// English; spread into the corpus page's dictionaries (./i18nCorpus.ts).

export const corpusOverviewRo = {
  "corpus.overview.title": "Imaginea de ansamblu",
  "corpus.overview.byPlatform": "Documente pe platforme",
  "corpus.overview.bySource": "Documente pe surse (cele mai mari {n})",
  "corpus.chart.rest": "Celelalte {items}: {documents} în total",
  "corpus.overview.timeline": "Documente pe luni",
  "corpus.overview.lengths": "Lungimea textelor (caractere)",
  "corpus.overview.annotations": "Adnotări",
  "corpus.overview.annotationsFrom": "Adnotări din",
  "corpus.overview.lexicon": "offline:lexicon, la indexare ({rows})",
  "corpus.overview.run": "{model}, rulare din {date} ({done} din {rows})",
  "corpus.overview.toneBySource": "Tonul pe surse: cele mai negative întâi",
  "corpus.overview.populismBySource": "Populism pe surse: cele mai populiste întâi",
  "corpus.overview.toneByMonth": "Tonul în timp",
  "corpus.overview.populismByMonth": "Populism în timp (% din documentele lunii)",
  "corpus.overview.since": "De când? Ponderea negativă și populistă, lună de lună",
  "corpus.overview.window":
    "Fiecare punct: ponderea în ultimele {n} luni (↑ luna de la care sursa e mereu mai negativă decât corpusul).",
  "corpus.overview.windowOne":
    "Fiecare punct: ponderea în luna sa (↑ luna de la care sursa e mereu mai negativă decât corpusul).",
  "corpus.overview.topics": "Teme pe surse",
  "corpus.overview.minDocs": "Surse cu cel puțin {n}",
  "corpus.overview.negative": "negativ",
  "corpus.overview.neutral": "neutru",
  "corpus.overview.positive": "pozitiv",
  "corpus.overview.populist": "populist",
  "corpus.overview.share": "{percent}% din {n}",
  "corpus.overview.annotateModel": "Adnotează corpusul cu un model (rulare în Adnotare)",
  "corpus.overview.annotateStart": "Pornește rularea",
  "corpus.overview.annotateSample": "Eșantion",
  "corpus.overview.annotateAll": "tot corpusul",
  "corpus.overview.annotateStarted": "Rularea a pornit; distribuțiile ei apar aici pe măsură ce avansează.",
  "corpus.overview.noAnnotations": "Nu există adnotări.",
  "corpus.overview.undatedTimeline":
    "În afara cronologiei și a intervalului de date: {count}, cărora data importului le ține doar locul.",
  "corpus.overview.undatedTimelineOne":
    "În afara cronologiei și a intervalului de date: {count}, căruia data importului îi ține doar locul.",
  "corpus.overview.undatedMonths": "În afara lunilor: {count}, cărora data importului le ține doar locul.",
  "corpus.overview.undatedMonthsOne": "În afara lunilor: {count}, căruia data importului îi ține doar locul.",
};

export const corpusOverviewEn: Record<keyof typeof corpusOverviewRo, string> = {
  "corpus.overview.title": "Overview",
  "corpus.overview.byPlatform": "Documents by platform",
  "corpus.overview.bySource": "Documents by source (the {n} largest)",
  "corpus.chart.rest": "The other {items}: {documents} in all",
  "corpus.overview.timeline": "Documents by month",
  "corpus.overview.lengths": "Text length (characters)",
  "corpus.overview.annotations": "Annotations",
  "corpus.overview.annotationsFrom": "Annotations from",
  "corpus.overview.lexicon": "offline:lexicon, at index time ({rows})",
  "corpus.overview.run": "{model}, run of {date} ({done} of {rows})",
  "corpus.overview.toneBySource": "Tone by source: most negative first",
  "corpus.overview.populismBySource": "Populism by source: most populist first",
  "corpus.overview.toneByMonth": "Tone over time",
  "corpus.overview.populismByMonth": "Populism over time (% of the month's documents)",
  "corpus.overview.since": "Since when? Negative and populist shares, month by month",
  "corpus.overview.window":
    "Each point: the share over the last {n} months (↑ the month from which the source stays more negative than the corpus).",
  "corpus.overview.windowOne":
    "Each point: the share in its month (↑ the month from which the source stays more negative than the corpus).",
  "corpus.overview.topics": "Topics by source",
  "corpus.overview.minDocs": "Sources with at least {n}",
  "corpus.overview.negative": "negative",
  "corpus.overview.neutral": "neutral",
  "corpus.overview.positive": "positive",
  "corpus.overview.populist": "populist",
  "corpus.overview.share": "{percent}% of {n}",
  "corpus.overview.annotateModel": "Annotate the corpus with a model (a run in Annotate)",
  "corpus.overview.annotateStart": "Start the run",
  "corpus.overview.annotateSample": "Sample",
  "corpus.overview.annotateAll": "the whole corpus",
  "corpus.overview.annotateStarted": "The run has started; its distributions appear here as it goes.",
  "corpus.overview.noAnnotations": "No annotations.",
  "corpus.overview.undatedTimeline":
    "Left out of the timeline and the date range: {count}, whose import day only stands in for a date.",
  "corpus.overview.undatedTimelineOne":
    "Left out of the timeline and the date range: {count}, whose import day only stands in for a date.",
  "corpus.overview.undatedMonths":
    "Left out of the months: {count}, whose import day only stands in for a date.",
  "corpus.overview.undatedMonthsOne":
    "Left out of the months: {count}, whose import day only stands in for a date.",
};
