// Answers written for bench:grounding, sentence by sentence, each labelled by hand: `true` when the sentence is NOT
// supported by what it cites (an invented figure, a swapped name, a changed date, a missing or invalid citation, a
// claim its source does not make), `false` when it is supported or makes no claim. Fictional texts and names, written
// for the project. Answers with an odd index are the development half (the threshold was chosen on them).

export interface LabelledSentence {
  text: string;
  unsupported: boolean;
  /** Why, for the reader of the set. */
  note?: string;
}

export interface LabelledAnswer {
  /** Joined with a space, or as a list ("- " lines) when `list`. */
  sentences: LabelledSentence[];
  list?: boolean;
}

export interface PassageSet {
  name: string;
  /** Five passages, shown as [1]..[5] with their labels as the chat's prompt shows them. */
  passages: string[];
  answers: LabelledAnswer[];
}

const ok = (text: string, note?: string): LabelledSentence => ({ text, unsupported: false, note });
const bad = (text: string, note: string): LabelledSentence => ({ text, unsupported: true, note });

export const GROUNDING_SET: PassageSet[] = [
  {
    name: "pensii",
    passages: [
      "(Gazeta de Sud · stiri · 2025-01-10) Guvernul a anunțat că pensiile vor fi indexate cu 5% de la 1 ianuarie. Măsura privește aproape cinci milioane de pensionari.",
      "(Vocea Sindicatelor · stiri · 2025-01-11) Sindicatele spun că procentul nu acoperă creșterea prețurilor la alimente, care au urcat cu 9% într-un an.",
      "(Radio Centru · stiri · 2025-01-12) Ministrul muncii, Andrei Vlad, promite o nouă evaluare a pensiilor în iulie 2025.",
      "(Monitorul Politic · stiri · 2025-01-14) Opoziția cere plafonarea pensiilor speciale la 10.000 de lei pe lună.",
      "(Forumul Pensionarilor · forum · 2025-01-15) Comentatorii de pe forum se plâng că pensiile mici sunt mâncate de facturi.",
    ],
    answers: [
      {
        sentences: [
          ok("Guvernul a anunțat indexarea pensiilor cu 5% de la 1 ianuarie [1]."),
          ok("Măsura privește aproape cinci milioane de pensionari [1]."),
          ok("Sindicatele spun că procentul nu acoperă creșterea prețurilor la alimente [2]."),
        ],
      },
      {
        sentences: [
          bad("Guvernul a anunțat indexarea pensiilor cu 6% de la 1 ianuarie [1].", "cifră schimbată"),
          ok("Prețurile la alimente au urcat cu 9% într-un an [2]."),
        ],
      },
      {
        sentences: [
          ok("Ministrul muncii, Andrei Vlad, promite o nouă evaluare a pensiilor în iulie 2025 [3]."),
          bad(
            "Opoziția cere plafonarea pensiilor speciale la 10.000 de lei pe lună [7].",
            "citare inexistentă",
          ),
        ],
      },
      {
        sentences: [
          bad("Ministrul muncii, Maria Dobre, promite o nouă evaluare a pensiilor [3].", "nume schimbat"),
          ok("Comentatorii se plâng că pensiile mici sunt mâncate de facturi [5]."),
        ],
      },
      {
        sentences: [
          bad("Evaluarea pensiilor este promisă pentru iulie 2024 [3].", "an schimbat"),
          ok("Indexarea privește aproape 5 milioane de pensionari [1].", "cifră scrisă altfel"),
        ],
      },
      {
        sentences: [
          bad("Pensiile vor fi indexate cu 5% de la 1 ianuarie.", "fără citare"),
          bad("Opoziția cere plafonarea pensiilor speciale.", "fără citare"),
        ],
      },
      {
        sentences: [
          bad("Prețurile la alimente au urcat cu 9% într-un an [1].", "citează sursa greșită (e în [2])"),
          ok("Opoziția vrea un plafon de 10.000 de lei pe lună pentru pensiile speciale [4]."),
        ],
      },
      {
        sentences: [
          ok("Îmi pare rău, dar sursele nu spun cât va costa indexarea."),
          ok("Guvernul a anunțat că pensiile vor fi indexate cu 5% [1]."),
        ],
      },
      {
        sentences: [
          bad(
            "Guvernul a decis să taxeze suplimentar pensiile speciale din martie [1].",
            "afirmație inventată",
          ),
          ok("Sindicatele consideră că procentul nu acoperă prețurile la alimente [2]."),
        ],
      },
      {
        list: true,
        sentences: [
          ok("Pensiile vor fi indexate cu 5% de la 1 ianuarie [1]."),
          ok("Sindicatele spun că procentul nu acoperă creșterea prețurilor [2]."),
          bad("Ministrul a promis o majorare de 15% în vară [3].", "cifră inventată"),
        ],
      },
      {
        sentences: [
          bad("Sindicatele au anunțat o grevă generală pentru februarie [2].", "afirmație inventată"),
          ok("Pe forum, pensionarii spun că facturile le mănâncă pensiile mici [5]."),
        ],
      },
      {
        sentences: [
          bad("Guvernul a anunțat că pensiile vor scădea cu 5% de la 1 ianuarie [1].", "sens inversat"),
          ok("Măsura privește aproape cinci milioane de pensionari [1]."),
        ],
      },
    ],
  },
  {
    name: "transport",
    passages: [
      "(Buna Ziua Brașov · stiri · 2025-04-02) Consiliul local din Brașov a aprobat un buget de 120 de milioane de lei pentru transportul public.",
      "(Buna Ziua Brașov · stiri · 2025-04-02) Prețul biletelor rămâne 3 lei, iar primăria va cumpăra zece autobuze electrice din fonduri europene.",
      "(Monitorul de Brașov · stiri · 2025-04-03) Consilierii opoziției, conduși de Maria Dobre, spun că planul vine prea târziu.",
      "(Radio Brașov · stiri · 2025-04-04) Primarul Ion Stan a declarat că primele autobuze sosesc în martie 2026.",
      "(Brașovul Meu · facebook · 2025-04-05) Călătorii se plâng pe Facebook de aglomerația din autobuzele de dimineață.",
    ],
    answers: [
      {
        sentences: [
          ok("Consiliul local din Brașov a aprobat 120 de milioane de lei pentru transportul public [1]."),
          ok("Prețul biletelor rămâne 3 lei [2]."),
          ok("Primăria va cumpăra zece autobuze electrice din fonduri europene [2]."),
        ],
      },
      {
        sentences: [
          bad("Prețul biletelor crește la 4 lei [2].", "cifră schimbată"),
          ok("Opoziția spune că planul vine prea târziu [3]."),
        ],
      },
      {
        sentences: [
          bad("Primarul Ion Stan spune că planul vine prea târziu [3].", "nume schimbat (Maria Dobre)"),
          ok("Primele autobuze sosesc în martie 2026, potrivit primarului [4]."),
        ],
      },
      {
        sentences: [
          bad("Primele autobuze sosesc în martie 2025 [4].", "an schimbat"),
          ok("Călătorii se plâng de aglomerația de dimineață [5]."),
        ],
      },
      {
        sentences: [
          bad("Primăria va cumpăra douăzeci de autobuze electrice [2].", "cifră schimbată, în cuvinte"),
          ok("Consilierii opoziției, conduși de Maria Dobre, critică planul [3]."),
        ],
      },
      {
        sentences: [
          ok("Consiliul local din Brașov a aprobat un buget pentru transportul public [1][2]."),
          bad("Bugetul a fost aprobat cu votul tuturor consilierilor [1].", "afirmație inventată"),
        ],
      },
      {
        sentences: [
          ok("Sursele nu spun când vor fi livrate toate cele zece autobuze."),
          bad("Ultimele autobuze vor sosi în decembrie 2026 [4].", "dată inventată"),
        ],
      },
      {
        sentences: [
          bad(
            "Primarul Ion Stan a declarat că primele autobuze sosesc în martie 2026 [9].",
            "citare inexistentă",
          ),
          ok("Biletele vor costa tot 3 lei [2]."),
        ],
      },
      {
        list: true,
        sentences: [
          ok("Bugetul transportului public: 120 de milioane de lei [1]."),
          ok("Zece autobuze electrice cumpărate din fonduri europene [2]."),
          bad("Autobuzele sunt produse în Germania [2].", "afirmație inventată, un nume"),
        ],
      },
      {
        sentences: [
          bad("Călătorii se plâng de aglomerație [1].", "citează sursa greșită (e în [5])"),
          ok("Primarul spune că autobuzele noi sosesc în martie 2026 [4]."),
        ],
      },
      {
        sentences: [
          ok(
            "Răspuns extractiv (offline, fără model de limbaj): am ales din surse propozițiile cele mai apropiate de întrebare.",
          ),
          ok(
            "Prețul biletelor rămâne 3 lei, iar primăria va cumpăra zece autobuze electrice din fonduri europene. [2]",
          ),
        ],
      },
      {
        sentences: [
          bad("Transportul public din Brașov va fi gratuit pentru pensionari [1].", "afirmație inventată"),
          ok("Opoziția consideră că planul vine prea târziu [3]."),
        ],
      },
    ],
  },
  {
    name: "justiție",
    passages: [
      "(Jurnalul Zilei · stiri · 2025-05-20) Parchetul a deschis 42 de dosare de corupție în administrația locală în 2024.",
      "(Jurnalul Zilei · stiri · 2025-05-21) Deputatul Radu Marin a propus o lege care reduce termenele de prescripție.",
      "(Observatorul Juridic · blog · 2025-05-22) Asociația magistraților spune că legea ar închide peste 300 de dosare.",
      "(Canalul Politica Azi · youtube · 2025-05-23) Pe YouTube, comentatorii acuză partidele că se protejează între ele.",
      "(Barometrul Civic · oficial · 2025-05-30) Un sondaj din mai 2025 arată că 61% dintre români nu au încredere în justiție.",
    ],
    answers: [
      {
        sentences: [
          ok("Parchetul a deschis 42 de dosare de corupție în administrația locală în 2024 [1]."),
          ok("Deputatul Radu Marin a propus reducerea termenelor de prescripție [2]."),
        ],
      },
      {
        sentences: [
          bad("Parchetul a deschis 24 de dosare de corupție în 2024 [1].", "cifră schimbată"),
          ok("Magistrații spun că legea ar închide peste 300 de dosare [3]."),
        ],
      },
      {
        sentences: [
          bad(
            "Deputatul Andrei Vlad a propus o lege care reduce termenele de prescripție [2].",
            "nume schimbat",
          ),
          ok("Comentatorii acuză partidele că se protejează între ele [4]."),
        ],
      },
      {
        sentences: [
          bad(
            "Un sondaj din mai 2025 arată că 16% dintre români nu au încredere în justiție [5].",
            "cifră inversată",
          ),
          ok("Legea propusă ar închide peste 300 de dosare, spun magistrații [3]."),
        ],
      },
      {
        sentences: [
          bad("Legea ar închide peste 300 de dosare, spune Parchetul [3].", "atribuire greșită"),
          ok("Deputatul Radu Marin a propus legea [2]."),
        ],
      },
      {
        sentences: [
          bad("Parchetul a deschis 42 de dosare de corupție în 2023 [1].", "an schimbat"),
          ok("Pe YouTube, partidele sunt acuzate că se protejează între ele [4]."),
        ],
      },
      {
        sentences: [
          ok("Nu am găsit în surse cine a votat legea."),
          bad("Legea a fost adoptată de Senat în iunie [2].", "afirmație inventată"),
        ],
      },
      {
        sentences: [
          bad("Parchetul a deschis 42 de dosare de corupție.", "fără citare"),
          ok("61% dintre români nu au încredere în justiție, potrivit unui sondaj din mai 2025 [5]."),
        ],
      },
      {
        list: true,
        sentences: [
          ok("42 de dosare de corupție deschise în 2024 [1]."),
          bad("O lege a prescripției propusă de deputatul Radu Marin [6].", "citare inexistentă"),
          ok("Peste 300 de dosare ar putea fi închise [3]."),
        ],
      },
      {
        sentences: [
          bad(
            "Sondajul din mai 2025 arată că 61% dintre români nu au încredere în justiție [4].",
            "citează sursa greșită",
          ),
          ok("Asociația magistraților critică legea, care ar închide peste 300 de dosare [3]."),
        ],
      },
      {
        sentences: [
          ok("Îmi pare rău, dar nu pot spune dacă legea va fi adoptată."),
          ok("Deputatul Radu Marin a propus o lege care reduce termenele de prescripție [2]."),
        ],
      },
      {
        sentences: [
          bad("Comentatorii de pe YouTube cer demisia ministrului justiției [4].", "afirmație inventată"),
          ok("Parchetul a deschis 42 de dosare de corupție în administrația locală [1]."),
        ],
      },
    ],
  },
];

/**
 * Written after the check's rules were frozen and never used to change them: how the check does on answers it was not
 * shaped by (the set above was written alongside the rules, so its figures are optimistic).
 */
export const HELD_OUT_SET: PassageSet[] = [
  {
    name: "energie",
    passages: [
      "(Economia Azi · stiri · 2025-09-01) Autoritatea de reglementare a anunțat că prețul energiei pentru consumatorii casnici crește cu 12% din octombrie.",
      "(Economia Azi · stiri · 2025-09-02) Plafonarea prețurilor expiră pe 30 septembrie, iar compensațiile rămân doar pentru 800.000 de gospodării vulnerabile.",
      "(Cronica de Vest · stiri · 2025-09-03) Senatorul Victor Nistor spune că statul trebuie să prelungească plafonarea până în martie 2026.",
      "(Grupul Facturi Mari · facebook · 2025-09-04) Oamenii scriu că facturile de iarnă le vor mânca jumătate din salariu.",
      "(Institutul de Energie · oficial · 2025-09-05) Un raport arată că 18% dintre gospodării au restanțe la întreținere.",
    ],
    answers: [
      {
        sentences: [
          ok("Prețul energiei pentru consumatorii casnici crește cu 12% din octombrie [1]."),
          ok("Plafonarea expiră pe 30 septembrie [2]."),
        ],
      },
      {
        sentences: [
          bad("Prețul energiei crește cu 21% din octombrie [1].", "cifră inversată"),
          ok("Compensațiile rămân pentru 800.000 de gospodării vulnerabile [2]."),
        ],
      },
      {
        sentences: [
          bad("Senatorul Ion Stan cere prelungirea plafonării până în martie 2026 [3].", "nume schimbat"),
          ok("Un raport arată că 18% dintre gospodării au restanțe la întreținere [5]."),
        ],
      },
      {
        sentences: [
          bad("Plafonarea prețurilor expiră pe 31 decembrie [2].", "dată schimbată"),
          ok("Oamenii se tem că facturile de iarnă le vor mânca jumătate din salariu [4]."),
        ],
      },
      {
        sentences: [
          bad(
            "Un raport arată că 18% dintre gospodării au restanțe la întreținere [8].",
            "citare inexistentă",
          ),
          ok("Victor Nistor vrea prelungirea plafonării până în martie 2026 [3]."),
        ],
      },
      {
        sentences: [
          bad("Compensațiile rămân pentru 800.000 de gospodării vulnerabile.", "fără citare"),
          ok("Sursele nu precizează cât costă prelungirea plafonării."),
        ],
      },
      {
        sentences: [
          bad("Prețul energiei crește cu 12% din octombrie [2].", "citează sursa greșită"),
          ok("Senatorul Victor Nistor cere ca plafonarea să fie prelungită [3]."),
        ],
      },
      {
        sentences: [
          bad(
            "Guvernul pregătește un program de panouri solare pentru gospodăriile vulnerabile [2].",
            "afirmație inventată",
          ),
          ok("Plafonarea prețurilor expiră pe 30 septembrie [2]."),
        ],
      },
    ],
  },
  {
    name: "diaspora",
    passages: [
      "(Jurnalul Diasporei · stiri · 2025-06-10) Peste 600.000 de români din străinătate au votat la alegerile din mai 2025.",
      "(Jurnalul Diasporei · stiri · 2025-06-11) Ambasada din Madrid a deschis 40 de secții de votare, iar cozile au durat până la miezul nopții.",
      "(Vocea Românilor · blog · 2025-06-12) Deputata Elena Rusu propune votul prin corespondență pentru toate scrutinele.",
      "(Canalul Diaspora Live · youtube · 2025-06-13) Comentatorii cer mai multe secții de votare în Italia și Spania.",
      "(Autoritatea Electorală · oficial · 2025-06-14) Votul prin corespondență a fost folosit de 45.000 de alegători.",
    ],
    answers: [
      {
        sentences: [
          ok("Peste 600.000 de români din străinătate au votat în mai 2025 [1]."),
          ok("Votul prin corespondență a fost folosit de 45.000 de alegători [5]."),
        ],
      },
      {
        sentences: [
          bad("Ambasada din Madrid a deschis 14 secții de votare [2].", "cifră schimbată"),
          ok("Comentatorii cer mai multe secții în Italia și Spania [4]."),
        ],
      },
      {
        sentences: [
          bad("Ambasada din Roma a deschis 40 de secții de votare [2].", "loc schimbat"),
          ok("Deputata Elena Rusu propune votul prin corespondență pentru toate scrutinele [3]."),
        ],
      },
      {
        sentences: [
          bad(
            "Peste 600.000 de români din străinătate au votat la alegerile din noiembrie 2024 [1].",
            "dată schimbată",
          ),
          ok("La Madrid, cozile au durat până la miezul nopții [2]."),
        ],
      },
      {
        list: true,
        sentences: [
          ok("Peste 600.000 de voturi din diaspora [1]."),
          ok("40 de secții deschise de ambasada din Madrid [2]."),
          bad("Votul electronic propus de deputata Elena Rusu [3].", "afirmație schimbată"),
        ],
      },
      {
        sentences: [
          ok("Nu am găsit în surse câți alegători au stat la coadă."),
          bad("Comentatorii cer demisia ambasadorului din Madrid [4].", "afirmație inventată"),
        ],
      },
    ],
  },
];

/** An answer's text as a model would write it. */
export function answerText(answer: LabelledAnswer): string {
  return answer.list
    ? answer.sentences.map((s) => `- ${s.text}`).join("\n")
    : answer.sentences.map((s) => s.text).join(" ");
}
