"""Named heuristics of the quotation stage, in one place: cue verbs, the words around speakers, thresholds.

Calibrated on the PolNeAR train split (../shared/data/polnear/quotes-train.jsonl) with bench/quotes.py; the dev
split is only for the figures reported. Word lists are English: the stage's marks and layout rules are
language-blind, its attribution rules are not (yet).
"""

from __future__ import annotations

import re
from types import MappingProxyType

# Verbs (and the one preposition) that introduce reported speech. Most frequent in PolNeAR train: said (2,477),
# told, wrote, added, says, called, saying, tweeted, continued, adding, according to, asked... Bare lemmas ("say",
# "add") are included: "would say", "will add" are cues too.
# Regular verbs of saying, as lemmas: their inflected forms are cues ("yells", "yelled", "yelling").
CUE_LEMMAS = """
add ask reply respond declare explain note state report recall conclude argue insist warn admit acknowledge claim
shout yell chant joke quip remark observe suggest predict announce email text post wonder muse counter concede
caution stress emphasize emphasise boast complain lament confirm deny promise pledge vow urge scream cry whisper
agree charge allege testify thunder proclaim exclaim retort snap blast comment affirm maintain contend reiterate
describe call dub label brand term accuse tweet continue bark gush scoff sneer marvel fume rail plead beg demand
instruct assert reason recount exclaim interject interrupt counsel advise concur caution answer repeat mutter
grumble quote chide slam decry rebut grouse thank condemn refer dub admit cite praise express title elaborate
"""
# Lemmas that double their last consonant: "admitted", "referred", "quipped".
CUE_DOUBLING = frozenset("quip snap admit refer dub rebut".split())
# Irregular forms, and the bare forms that follow a modal ("would say", "will add"); other bare lemmas are
# left out: "call", "report", "post", "note" are nouns more often than cues.
CUE_FORMS = """
said says say saying told tells tell telling wrote writes write writing read reads sang sings singing
add ask explain argue insist warn
"""


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    doubled = lemma + lemma[-1] if lemma in CUE_DOUBLING else stem
    past = lemma + "d" if lemma.endswith("e") else doubled + "ed"
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
    return {third, past, doubled + "ing"}


# The commonest cues of French, German, Spanish, Italian, Portuguese and Dutch news, so that «…», a déclaré X and
# „…“, sagte X are attributed too; the rest of the stage's rules are English.
OTHER_LANGUAGE_CUES = """
déclaré dit affirmé ajouté expliqué estimé souligné précisé indiqué assuré déclare dit affirme ajoute explique
sagte sagt erklärte erklärt betonte betont meinte fügte schrieb
dijo afirmó explicó añadió aseguró señaló declaró dice afirma explica
detto dichiarato affermato spiegato aggiunto sottolineato dice
disse afirmou explicou acrescentou declarou
zei zegt verklaarde schreef
"""
# The bare lemmas, for a present-tense verb after a plural subject ("they conclude", "the Saudis state").
CUE_LEMMA_WORDS = frozenset(CUE_LEMMAS.split())
CUE_WORDS = frozenset(CUE_FORMS.split()) | frozenset(OTHER_LANGUAGE_CUES.split()) | frozenset(
    form for lemma in CUE_LEMMAS.split() for form in _inflections(lemma))
# Prepositions that put the speaker after them: "according to X", "selon X", "laut X", "según X".
ACCORDING_TO = frozenset("according selon laut según secondo segundo volgens".split())

# Cues followed by whom they address or name, never by an inverted speaker ("Rubio called Trump “flexible”").
OBJECT_CUES = frozenset("""
called calls calling dubbed dubs describes described describing labeled labelled branded termed accused accuses
accusing told tells telling urged urges asked asks asking thanked thanks warned warns
""".split())

# Cues that are several words; matched before the single words so "pointed out" is one cue.
CUE_PHRASES = ("according to", "a déclaré", "a dit", "a affirmé", "a ajouté", "a expliqué", "ha detto",
               "ha dichiarato", "ha affermato", "ha spiegato", "pointed out", "points out", "went on", "goes on", "went on to say", "shot back",
               "fired back", "put it", "puts it",
               "said in a statement", "wrote in a statement", "said in an interview", "told reporters",
               "in a statement")


def _by_first_word(phrases: tuple[str, ...]) -> MappingProxyType:
    """Phrases indexed by their first word, longest first ("went on to say" before "went on"); read-only."""
    index: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index[phrase.split()[0]] = index.get(phrase.split()[0], ()) + (tuple(phrase.split()),)
    return MappingProxyType(index)


CUE_PHRASES_BY_FIRST = _by_first_word(CUE_PHRASES)
# The words a cue can start with: any other word is no cue, told by one set lookup (most words of a sentence).
CUE_STARTS = CUE_WORDS | frozenset(CUE_PHRASES_BY_FIRST)

# Words that may sit between a speaker and the cue without breaking the attribution ("Sok also claimed").
CUE_ADVERBS = frozenset("""
also later then previously once recently further again has had have would will did does could might may now
flatly simply repeatedly quickly finally reportedly publicly privately bluntly earlier often frequently
famously yesterday today tonight recently still first last just already even allegedly reportedly
initially originally subsequently immediately openly angrily flatly calmly
""".split())

# Personal pronouns that can name a speaker; "I" and "we" appear in first-person pieces and in quoted tweets.
PRONOUNS = frozenset("he she they it we i you il elle ils elles er sie él ella ellos lui lei ele ela".split())
# Pronouns whose contraction ("He’s claiming that…", "They’ve said") is read as the subject of the verb after it.
CONTRACTED_SUBJECTS = frozenset("he she they".split())
PLURAL_PRONOUNS = frozenset("they we i you".split())  # the pronouns a bare present verb follows ("they say")
MALE_PRONOUNS = frozenset("he him his himself il er él lui ele".split())
FEMALE_PRONOUNS = frozenset("she her hers herself elle ella lei ela".split())

# Words that start a description of a speaker ("the ministry", "a senior official", "his spokesman").
# A possessive, which determines the noun after it as a determiner does ("Bill Clinton’s comments").
POSSESSIVE_ENDINGS = ("’s", "'s", "s’", "s'")
DETERMINERS = frozenset("""
the a an this these those his her its their our my your one another some many several two three four
five most other each every both any no le la les un une der die das ein eine el los las una il lo gli o os as
""".split())

# Possessives that open a speaker after an inverted cue ("added his campaign manager Jeff Weaver", "said her
# spokesman"), although they are function words elsewhere.
POSSESSIVE_DETERMINERS = frozenset("his her their its our my".split())

# Speakers written as a bare plural or mass noun, without a determiner ("officials said", "said police").
BARE_SPEAKERS = frozenset("""
officials sources police critics experts analysts aides advisers advisors supporters protesters witnesses residents
voters organizers organisers prosecutors investigators authorities lawmakers legislators democrats republicans
people observers officers spokesmen spokespeople representatives members economists scientists researchers
historians doctors lawyers attorneys diplomats insiders strategists pollsters activists leaders reporters
""".split())

# Words that cannot end a speaker phrase: a description ending in one has run past the speaker ("said to…").
FUNCTION_WORDS = frozenset("""
to was were is are be been being am has had have do does did not now then there here when what which who it its
his her their our my your him them us me so very too also just only even still yet again once ago and or but of
for with in on at by from as than that this these those if because about into over after before
""".split())

# Prepositions before a capitalised run that make it a place or an object, never a speaker ("in Columbus").
PLACE_PREPOSITIONS = frozenset("in at near from into across outside inside".split())

# Reflexives after a speaker, skipped like adverbs: "Cruz himself said".
REFLEXIVES = frozenset("himself herself themselves itself".split())

# Auxiliaries: after a name or pronoun they make it the subject ("She was defending…, but admitted “…”").
AUXILIARIES = frozenset("has had have was were is are will would could can did does should might must".split())

# Words that end a speaker phrase when walking away from the cue: clause openers, conjunctions, prepositions that
# start an adjunct ("said in a statement", "told reporters on Sunday").
BOUNDARY_WORDS = frozenset("""
and but or nor while as when because that which who whom whose after before if though although so yet since
where whereas then than to in on at by from with during until into about over under through without against
amid among per via upon not also however meanwhile speaking adding saying noting
am im auf bei mit zu nach für à au aux dans sur pour avec par con por para al em com
""".split())

# Boundary words whose capitalised form is a given name: "said Al Cardenas" (Spanish "al" is a boundary).
BOUNDARY_NAMES = frozenset("Al".split())

# Words opening a subordinate clause before the main one ("When Trump suggested…, Rubio fired back").
SUBORDINATORS = frozenset("when as after before if while although though because since once until unless whereas "
                          "whenever despite".split())

# Capitalised words that are not names: sentence openers, days, months, words capitalised in headlines.
NOT_NAME_WORDS = frozenset("""
The A An But And Or So Yet If When While As After Before Since Because Though Although However Meanwhile Still
This That These Those There Here Then Now Today Yesterday Tomorrow It He She They We I You His Her Its Their Our
My Your What Who Why How Where Which In On At By For From With Of To Into Over Under About Speaking Asked Read
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December Mr Mrs Ms Dr Last Next Earlier Later Also Even Just Only Both Some Many
Most Such Not No Yes Instead Indeed Still Thus Moreover Furthermore Nevertheless According Despite Unlike Like
Among Until During Through Without Within Across Behind Beyond One Two Three Another Other Every Each All Amid
Any Some None Nothing Everyone Everybody Nobody Somebody Someone
""".split())

# Words that open or close the names of places, not of people: a "he" or "she" never resolves to a name
# starting or ending with one ("New Hampshire", "South Carolina", "San Diego", "the United States", "Wall
# Street", "the South China Sea", "the Western Pacific"). Found on PolNeAR train: 67 of 1,490 pronoun speakers
# resolved to such a place. Words that are also surnames (Bay, Lake, Hall, Tower, House, York) are left out:
# "she" may well be Ricki Lake.
PLACE_FIRST_WORDS = frozenset("""
New North South East West Northern Southern Eastern Western Central Upper Lower San Santa Los Las El Puerto Port
Fort Mount Lake Cape United Greater Saudi Hong Sri
""".split())
PLACE_LAST_WORDS = frozenset("""
Street Avenue Square Sea Ocean Gulf River Island Islands Mountains Valley Belt Point Peninsula County City State
States Kingdom Republic Emirates Province Coast Pacific Atlantic Africa America Asia Europe Carolina Dakota
Virginia Hampshire Jersey Mexico Zealand Korea Airport
""".split())

# Titles that belong to a name as written but not to the canonical name ("Prime Minister Hun Sen" → "Hun Sen").
TITLE_WORDS = frozenset("""
Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Sen Sen. Senator Rep Rep. Representative Gov Gov. Governor
President Vice Prime Minister Secretary Speaker Judge Justice General Gen Gen. Col Col. Lt Lt. Capt Capt.
Sgt Sgt. Rev Rev. Father Sister Pope King Queen Prince Princess Lord Lady Sir Dame Mayor Chancellor
Ambassador Chairman Chairwoman Chief Commissioner Director Attorney Candidate Former Deputy Acting Premier
Sheikh Saint St St. Professor Mister Madam Minister Council Nominee
Sens. Reps. Govs. Del. Adm. Pres. Supt. Cmdr. Maj. Brig. Atty.
""".split())

# Abbreviated titles that stand before a name but are no part of a canonical one: their full stop ends no sentence
# ("Sens. Ted Cruz and Marco Rubio", "state Del. Marcia Price", "Adm. Mike Mullen"). PolNeAR train: "Sens." 14
# times before a capital, "Reps." 5, "Pres." 4, "Adm." 3, "Govs." 2.
TITLE_ABBREVIATIONS = frozenset("Sens Reps Govs Del Adm Pres Supt Cmdr Maj Brig Atty".split())

# Titles that are courtesy, not office: kept in the name as written, never reported as a role.
HONORIFICS = frozenset("Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Mister Madam Sir Dame Lord Lady".split())

# Words that make a capitalised run an organisation rather than a person (they never take "he"/"she").
ORG_WORDS = frozenset("""
Party Ministry Department Committee Commission Council Court Agency Office Embassy Bank Post Times News Press
University College Institute Association Union Organisation Organization Foundation Group Campaign Company Corp
Inc Ltd Fund Center Centre Service Services Network Journal Herald Tribune Club League Board Authority Police
House Senate Congress Assembly Parliament Government Administration Republicans Democrats Team Forces Army
Navy Times Reuters CNN Fox NBC ABC CBS MSNBC Twitter Facebook
""".split())

# Name particles that stay lower-case inside a name ("Ursula von der Leyen", "Osama bin Laden").
NAME_PARTICLES = frozenset("de da del della der den di du van von la le bin ibn al el y".split())

# Relative pronouns before a cue ("Beck, who said"): PolNeAR gives them as the speaker as written (train: who 20,
# that 6, which 3), the antecedent is the canonical speaker.
RELATIVE_PRONOUNS = frozenset("who which that".split())

# Prepositions that tie a role to a name written before it: "said Robert Antonacci of the New York delegation".
NAME_LINKS = frozenset("of from at with for".split())

# How many sentences naming someone a pronoun looks back through for its antecedent.
PRONOUN_SENTENCES = 8
# How many sentences a pronoun looks back through at most, named or not: keeps resolution linear on a long text
# with few names (a pronoun's antecedent is a few sentences back in news prose, never pages).
PRONOUN_MAX_SENTENCES_BACK = 60

# The cost bounds. The stage reads at most MAX_QUOTE_TEXT_CHARS characters of a text (cut at the last line break
# before it): no news article is longer (PolNeAR's longest is about 60,000; a long feature 100,000), while a
# whole-site dump or a 50 MB page flattened to text would otherwise be tokenised for nothing. Quotations past the
# cut are not reported.
MAX_QUOTE_TEXT_CHARS = 1_000_000
# Longest sentence the stage looks at as one, in characters: longer runs without a full stop (lists, pages
# flattened without punctuation) are cut at spaces into pieces this long, so that each quotation's attribution
# search is bounded. News sentences are under 600 characters (PolNeAR train: 99.9th percentile about 700).
MAX_SENTENCE_CHARS = 2_000
# Only lines near a quotation are cut into words: the quotation's line and the CONTEXT_LINES lines before it
# (its introduction, the names its pronouns and surnames resolve to). Lines farther away are never tokenised.
# 40 lines covers whole PolNeAR articles (median 24 paragraphs); the train figures are the same as reading all.
CONTEXT_LINES = 40

# Longest speaker phrase kept, in words: past this the walk has left the speaker behind.
MAX_SPEAKER_WORDS = 9
# Furthest a cue may stand before the quotation it introduces, in words: "told Breitbart News Daily SiriusXM host
# Matt Boyle, “…”" puts the one spoken to in between.
MAX_CUE_DISTANCE = 16
# Longest apposition taken as a role ("Jennifer Palmieri, the Clinton campaign’s communications director, said"),
# in tokens: 16 lets "Steve Rosenthal, a former political director of the A.F.L.-C.I.O. and progressive political
# organizer, wrote" through (PolNeAR train e2e 0.838 → 0.840 from 12; 20 gains nothing more).
MAX_ROLE_WORDS = 16
# A line signing the quotation before it: a dash, then a name of at most MAX_SIGNATURE_WORDS capitalised words
# ending the line or followed by a comma ("- Sanders.", "—President Obama, tweeting after Clinton's speech.").
SIGNATURE = re.compile(r"[ \t\u00a0]*[-–—―][ \t\u00a0]*")
MAX_SIGNATURE_WORDS = 5
# A turn of a transcript quoted paragraph by paragraph ("WALLACE: Let’s start…", "PENCE: Well, look…", "Q: Have
# you…", "« MÉLENCHON : …"): a speaker label in capitals of any script (one to MAX_LABEL_WORDS words, or Q/A)
# and a colon (French puts a space before it) open the quoted paragraph. Each turn is a quotation of its labelled
# speaker (PolNeAR dev's transcript is annotated so; train's only quoted transcript is one item, "Partial
# transcript"). Title-case labels ("Trump: …") are left out: quoted headlines use them.
SPEAKER_LABEL = re.compile(r"(?P<name>[^\W\d_][^\W\d_.’'\-]*(?:[ \u00a0.’'\-]+[^\W\d_]+)*\.?)[ \u00a0\u202f]?:"
                           r"[ \t\u00a0]+(?=\S)")
MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 48  # the colon of a label of four words is well within this
# A transcript has at least this many labelled turns: one quoted paragraph opening "BREAKING:" is a headline.
MIN_TRANSCRIPT_TURNS = 2
# A quoted paragraph that is a stage direction of a transcript, not words spoken: "(CROSSTALK.)", "[APPLAUSE]".
STAGE_DIRECTION = re.compile(r"[(\[][^()\[\]]*[)\]][.]?")
# Abbreviations after a name whose full stop ends no sentence: "James B. Comey Jr., the director of the FBI, said".
NAME_SUFFIXES = frozenset("Jr Sr Inc Co Corp Ltd Bros".split())
# Longest text between two quoted parts that can still be the attribution joining them into one quotation
# (“A,” said Caddell, speaking of Clinton’s health issue. “B.”): PolNeAR train joins attribution sentences of
# any length ("…,” Adelson said during the interview in Macau, the world’s largest gambling hub, …. “B"); the gap
# must also be a single sentence, which is the real limit.
MAX_JOIN_GAP_WORDS = 40
# “A,” he said, but “B.” / “A,” she said, and “B.”: the attribution between two parts may lead into the second
# part with a conjunction (and one lower-case word: "and still"); the punctuation ending the attribution before it.
# The attribution may run on after its cue and speaker ("he said outside the building. But") within
# MAX_JOIN_GAP_WORDS, in one clause.
CONJOINING_WORDS = frozenset(("and", "but"))
CONJOINED_STOPS = frozenset(",.;:—–-")
# Furthest a participle of saying (LEADING_PARTICIPLES) may stand before the next quoted part and still lead into
# it, making it a quotation of its own: "…,” Trump said, adding later, “B.”", "…,” Mr. Manafort said, adding of
# Mr. Trump, “B.”"
SECOND_CUE_WORDS = 4
LEADING_PARTICIPLES = frozenset("adding asking saying noting continuing explaining telling insisting replying "
                                "answering".split())
# Participles of saying that report a further statement: one anywhere in the attribution between two parts, even
# in a clause ending with a full stop ("…,” he said, adding that there shouldn’t be a focus on some artificial
# number. “B.”", "…," said Michael Tyler, …, explaining why the candidate won't appear at the convention. "B."),
# makes the next part a quotation of its own. PolNeAR train: 6 such pairs are two gold items, 2 one; "noting" and
# "referring" qualify the first part instead (train joins 3 of 3 and 14 of 15; with "noting" train F1 falls).
FURTHER_STATEMENT_PARTICIPLES = frozenset("adding explaining".split())
# Words opening the reported clause of a verb of saying ("adding that…", "explaining why…"): such a clause in the
# attribution between two quoted parts, running into the second part with no stop, makes it a quotation of its
# own.
REPORTED_CLAUSE_WORDS = frozenset("that why how whether".split())
# A quotation inside a sentence is partial (a phrase the writer borrows, "a real change") when its words are less
# than this share of the sentence's reported content; PolNeAR keeps an attribution as a direct quotation when over
# half of its content is inside quote marks, and 0.5 is also the best value on its train split.
PARTIAL_SHARE = 0.5

# Words of the text around quotes: initials and the abbreviations of titles keep their period ("Sen.", "J.").
# Only before another capitalised word, so "Hun Sen." at a sentence's end keeps its full stop apart.
# Cue words that are also plural nouns: they only count as cues after a name or a pronoun, never after a
# description ("the two lengthy investigative reports").
NOUN_LIKE_CUES = frozenset("reports notes claims states comments remarks calls promises pledges charges vows tweets "
                           "posts reads read writes".split())

# A quotation ending its sentence and making at least PARTIAL_SHARE of it, with no verb of saying, is a quotation
# when it has this many words or more ("The ad claims “Jeb is the conservative you can trust.”"); shorter ones are
# slogans and chants ("chants of “Lock her up!”"). PolNeAR train: 41 of 62 such spans of 4+ words are quotations.
PREDICATE_MIN_WORDS = 4
# Prepositions: a quotation right after one is the object of a phrase ("guilty for “…”", "chants of “…”").
PREPOSITIONS = frozenset("""
of for to in on at by from with during until into about over under through without against amid among per via
upon as like than
""".split())

# A line of this many long words or fewer, all capitalised, is a headline or a section title inside the body:
# what it quotes is a headline's, not a speaker's.
HEADLINE_MAX_WORDS = 20
# What follows a title credited to its author, after the title's comma and closing mark: "by Times' Michael Paulson",
# "by the New York Post's Amy Spencer", "by T.R. Fehrenbach".
CREDIT = re.compile(r"[ \t\u00a0]+by[ \t\u00a0]+(?:the[ \t\u00a0]+)?[A-Z]")
# How long the credit between a title and the excerpt quoted after its colon may be: ',” by The Wall Street
# Journal's Jennifer Smith: “' is 50 characters; a longer run is the writer's own sentence.
CREDIT_MAX_CHARS = 100
# The commonest English words: a line where they are at least ENGLISH_SHARE of the words is read as English (the
# attribution rules' language). In English news prose they make about 15-25% of the words.
# Words that are also common in other Latin-script languages are left out ("a", "as" in Portuguese, "in" in German
# and Italian, "on" in French, "he" in Spanish, "was" in German).
ENGLISH_COMMON_WORDS = frozenset("the of and to is that for it with she be by at this are have not but from they "
                                 "you his her said says which would been their".split())
ENGLISH_SHARE = 0.08
ENGLISH_SAMPLE_CHARS = 5_000
LATIN_WORD = re.compile(r"[^\W\d_]+")
# A line of this many words or fewer ending with a quotation in single marks, in a text that quotes with double
# marks, is a subhead or a linked headline ("Reid: 'Never, ever, ever underestimate Trump.'"): PolNeAR train has 69
# such lines, 1 annotated as a quotation.
SUBHEAD_MAX_WORDS = 15

# A quoted run of this many words or fewer, every long word capitalised, inside a line is a title ("Good Morning
# America", "Going Viral"), not anyone's words.
TITLE_MAX_WORDS = 6
# How a quoted sentence (or the part of one before its attribution) ends inside its marks: a part ending otherwise
# ("“B” to drive up the stock price…") was closed in the middle of the writer's sentence.
QUOTED_SENTENCE_ENDS = frozenset(".,!?;:…—-")
# How a quoted sentence led in by the cue's words and a comma ends inside its marks ('told the Reuters news agency
# simply, "We lost."', "said of the episode, ''I don't like it,'' adding…"): then it is the whole content.
LEAD_IN_QUOTATION_ENDS = frozenset(".!?,")
# The short words a title leaves in lower case ("Orange is the New Black", "War and Peace", "Girl on a Train"): a
# quoted span whose short words are lower case but not these ("Don't you do it,") is a sentence, not a title.
TITLE_MINOR_WORDS = frozenset("""
a an the and but or nor for so yet of in on at to by up as off out per via vs v is are was be its it
de la le el y et und der die das del du des van von
""".split())

# A word or a punctuation mark: initials ("U.S."), a title's full stop before a name ("Gov. Jeb Bush"), a word, or
# any other character that is not a space. (The lookahead first is only a shortcut: both abbreviations are a capital,
# at most three lower-case letters and a full stop, so most words skip them at once; the words found are the same,
# found a quarter faster.)
WORD = re.compile(r"(?=[A-Z][a-z]{0,3}\.)(?:(?:[A-Z]\.){2,}|"
                  r"(?:Mr|Mrs|Ms|Dr|Sens?|Reps?|Govs?|Gen|Col|Lt|Capt|Sgt|Rev|Prof|St|Mt|Ft|Del|Adm|Pres|Supt|Cmdr|Maj|Brig|Atty|[A-Z])\.(?=\s+[A-Z]))"
                  r"|[\w@#&][\w’\-@#&]*(?:'(?!')[\w’\-@#&]*)*|[^\w\s]")
# (A word takes in apostrophes, "Sok’s", "Sanders'", but not the doubled one closing an old-style quotation:
# "…President Obama'' said" — the word is "Obama".)
# The same words, each with the spaces before it: every character that is not a space belongs to a word, so these
# pieces tile the text from the first word to the last, and their lengths give the words' offsets without a match
# object per word (see quote_speakers.word_offsets).
SPACED_WORD = re.compile(r"\s*(?:" + WORD.pattern + ")")
# The cast's shortcut (quote_cast._read_plain) reads a sentence without cutting it into words when it is plain: its
# characters are all in PLAIN_BLOCKS (Latin, Greek, Cyrillic, the common typographic marks, scripts without
# capitals: Hebrew, Arabic, Indic, CJK, Hangul; and marks that are no letter, digit or space and have no case: the
# combining accents, arrows, mathematical signs ("−"), shapes, dingbats but their circled digits, emoji; each of
# these one word of its own, as any other mark), so that its capitals are exactly PLAIN_CAPITALS (the upper-case
# letters of these blocks, as str.isupper tells them: computed here, a millisecond), and it has no handle or
# hashtag ("@Sok" is capitalised too). Each regex below starts with a character class, which the regex engine
# skips to directly.
PLAIN_BLOCKS = ((0x0000, 0x0250), (0x0300, 0x0345), (0x0346, 0x0530), (0x0590, 0x0700), (0x0900, 0x0E80),
                (0x1100, 0x1200), (0x2000, 0x2070), (0x2190, 0x2460), (0x2500, 0x2776), (0x2794, 0x2C00),
                (0x3000, 0x3100), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xFB50, 0xFE00), (0xFE70, 0xFFF0),
                (0x1F300, 0x1FB00))  # (U+0345, a combining mark with a case, left out)
PLAIN_CAPITALS = "".join(filter(str.isupper, map(chr, (code for low, high in PLAIN_BLOCKS
                                                       for code in range(low, high)))))
# (One negated class, the handle and hashtag signs cut out of the first block: a single class is the fast kind.)
NOT_PLAIN = re.compile("[^\\u0000-\\u0022\\u0024-\\u003f" + "".join(
    f"\\U{max(low, 0x41):08x}-\\U{high - 1:08x}" for low, high in PLAIN_BLOCKS) + "]")
# A capitalised word: a capital where a word starts (not after a letter or digit, as in "iPhone", nor after a mark
# that may belong to the word before it, nor after an initial's full stop, as in "U.S."), the word read from it as
# WORD reads it (group 1, by a lookahead inside a lookbehind). After a space, one or two apostrophes are marks of
# their own, not part of a word (the old-style opening quote, " ''The…"): the capital after them starts a word, and
# a sentence holding one is still plain (PolNeAR writes every quotation so).
CAPITAL_WORD = re.compile(rf"[{PLAIN_CAPITALS}](?:(?<![\w’'\-&@#][{PLAIN_CAPITALS}])|(?<=\s'[{PLAIN_CAPITALS}])|"
                          rf"(?<=\s''[{PLAIN_CAPITALS}]))(?<![A-Z]\.[{PLAIN_CAPITALS}])"
                          rf"(?<=(?=({WORD.pattern}))[{PLAIN_CAPITALS}])")
# Lower-case words, digits and plain punctuation between spaces: text whose words are just these runs (one word each)
# and marks (one word each), so they can be counted without cutting the text into words. Then a gendered pronoun
# that is a word of its own (a space before it, a space or plain punctuation after it).
SIMPLE_TEXT = re.compile(r"[\sa-z0-9,.;:!?]*")  # one class, no nested repeat: linear whatever the text
SIMPLE_WORD = re.compile(r"[a-z0-9]+|[,.;:!?]")
PRONOUN_WORD = re.compile(r"(?:[hH][eE]|[hH][iI][sS]|[sS][hH][eE]|[hH][eE][rR])(?=[\s,.;:!?]|$)")
# A capital after a mark that may or may not belong to the word before it ("non-Trump", "’Trump", "''Trump"), or
# after an initial's full stop ("U.S.Army"): where the capital (the match's end) is not inside a capitalised word
# ("R-Ohio", "U.S."), the sentence is cut into words after all. A hyphen after a letter or digit is inside a word
# whatever follows ("anti-Trump": a word in lower case, no capital to read), so it is not odd.
ODD_CAPITAL = re.compile(rf"[’'\-&@#.](?<![^A-Z]\.)(?<!\w-)(?=[{PLAIN_CAPITALS}])")
# A space and four letters or digits, the first not a capital: the first word after the space is a long word that
# is not capitalised (a lower bound on their number, for the title-case test; the sentence's first word, with no
# space before it in the sentence, is not counted).
LOWER_LONG = re.compile(rf"\s(?![{PLAIN_CAPITALS}_])\w{{4}}")
# Where a "he", "his", "she" or "her" may be, in plain text: every one of them matches (others may: "hers", "Se").
GENDERED_PRONOUN = re.compile(r"[hHsS](?<![\w][hHsS])(?:[eE]|[iI][sS]|[eE][rR]|[hH][eE])\b")
# Initials before a full stop that does not end the sentence: "C. Stewart Verdery", "L.H. Meyer".
INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
# A sentence ends before a capital, a digit, or a mark opening the next one (doubled apostrophes too: "…Pacific.
# ''You'd have to…").
# A run of marks is read from its start only (the lookbehind after its first mark): the same stops, where a line
# of 30,000 dots took seconds with each position of the run trying the rest of it. The pattern opens with the mark
# itself so that the regex engine scans for it in a tight loop (2x faster than the plain pattern over a text).
SENTENCE_END = re.compile(r"[.!?…](?<![.!?…][.!?…])[.!?…]*[”\"’']*\s+(?=(?:''|``|[“\"‘'(\[])?[A-Z0-9])")
# Words of time between a cue and its speaker ("said Tuesday that", "Sok on Sunday said"), compared lower-cased
# (the weekdays were capitalised here and never matched: "said Wednesday that…" made "Wednesday" a speaker).
TIME_WORDS = frozenset("""
on monday tuesday wednesday thursday friday saturday sunday yesterday today tonight last this week month year
night morning afternoon evening earlier
""".split())

# Punctuation trimmed off the edges of a quotation's reported content (its marks stay: they are part of it).
CONTENT_EDGE = ",;:—–-("

# The reported content running on after its last quoted part stops at one of these marks or words: they open
# another clause or an adjunct that PolNeAR's annotators leave out of the content ("called her “third-rate” and
# boycotted one of the debates", "had “an inherent conflict of interest” in the case despite being American").
CONTENT_END_MARKS = frozenset(",;:(—–-")  # a lone "-" is a dash: hyphens stay inside their word
CONTENT_END_WORDS = frozenset("and but while as despite before after because when which who whose though although "
                              "since until unless whereas or".split())

# Words opening a sentence as an adverb, a conjunction or a subordinate clause, not as its subject: the writer's
# words before an attribution set off by commas are part of the reported content only when they do not open with
# one of these ("Still, she added, “…”", "But, he said, “…”", "If Clinton is elected, he said, “…”").
SENTENCE_ADVERBS = frozenset("still now yet so also however indeed instead meanwhile then thus there here "
                             "while when whenever because although though since if unless whereas once "
                             "but and or nor "
                             "moreover furthermore besides otherwise later earlier today yesterday again "
                             "finally first second ultimately overall plus".split())

# Cues that name or describe their object, the quotation being that object or its complement ("which he called
# “a cartel for higher education”", "that de Blasio described as “an intentional act”").
NAMING_CUES = frozenset("""
called calls call dubbed dubs dub described describes describe labeled labelled labels label branded brands
termed terms
""".split())

# Relative words opening a clause whose object is a quotation named by its cue ("what Mr. Hedge called ''…''").
RELATIVE_WORDS = frozenset("what which whom that".split())

# How far before the speaker the relative word is looked for (it stands right before the speaker's name).
RELATIVE_LOOKBACK_CHARS = 20

# What may stand between a naming cue and the quotation it names ("described as a “piece of history”").
NAMING_LINKS = frozenset(("", "as", "as a", "as an", "as the"))

# Words after a quoted title-case span and its comma that make it a title, not a quotation: a relative clause
# about it (''Opening Belle,'' which will be in bookstores on Tuesday, …).
TITLE_RELATIVES = frozenset("which whose".split())

# A quoted line of at most this many words ending with a colon is a label ('"Related:"' before a teaser), not a
# quotation; a longer one ('"He said:"') may lead into quoted paragraphs.
LABEL_MAX_WORDS = 2
