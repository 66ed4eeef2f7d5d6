"""Named heuristics of the content stage: tag sets, class/id tokens, regexes and thresholds, compiled once.

Calibration: "dev" is the 181-page Scrapinghub development set scored by bench/quality.py (4-gram shingle F1).
Values are chosen for why they should hold on unseen pages first; the dev figure only confirms the direction.
"""

from __future__ import annotations

import re

# --- Tags -------------------------------------------------------------------------------------------------------

# Never text of the article: code, styling, embedded documents, form controls. Their tails still are.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "map", "head", "title", "meta", "link", "button", "input", "select", "option", "textarea", "label",
    "dialog", "source", "track", "picture_source",
})
# Elements that, in the body, are chrome rather than story: dropped with their role whatever their text.
CHROME_TAGS = {"nav": "navigation", "aside": "related", "footer": "footer", "form": "form", "menu": "navigation",
               "header": "headline"}
# Chrome the scan does not walk into (a third of a page's elements on the dev set): only its length is taken.
# <header> holds the headline, byline and dek, none of them body text (dev: 0.9778 walked, 0.9783 not).
# <form> is walked: ASP.NET pages wrap the whole page in one.
UNWALKED_CHROME = frozenset({"nav", "aside", "footer", "menu", "header"})
# ...unless its text is longer than this: a <header> or <aside> wrapping the story is walked like any element
# (menus and footers on the dev set stay far below; scripts inside count, so the valve errs towards walking).
UNWALKED_MAX_CHARS = 4000
# Inline tags: their text belongs to the paragraph around them.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    "br", "img", "nobr", "center",
})
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Leaf blocks that hold a paragraph's worth of text; their score feeds their ancestors (Readability's idea).
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "td", "dd", "li"})

# --- Class / id / role tokens -------------------------------------------------------------------------------------

# Token start boundary: class and id values are matched per token ("related-posts", "relatedPosts" both match
# "related"), never inside a word ("unrelated" stays). Language-neutral English CMS vocabulary.
_T = r"(?:^|(?<=[\s_\-:]))"

# (role, pattern) in priority order. A match marks a block-level element as boilerplate with that role.
# English CMS vocabulary first, then the same words in the languages most common in news (German, French,
# Spanish, Italian, Portuguese, Dutch; accents as written and as transliterated in class names), checked on the
# held-out pages of bench/unseen.py (SPIP's comment threads are its "forum": French sites use it for comments).
_ROLE_PATTERNS = (
    ("comments", r"(?:comment(?!ary)|disqus|respond\b|discussion|replies|reactions|kommentar|commentaire|"
                 r"coment[aá]rio|commenti|reactie|forum)"),
    ("cookie", r"(?:cookie|consent|gdpr|cmp[\s_-])"),
    ("newsletter", r"(?:newsletter|subscri(?:be|ption)|signup|sign-up|optin|opt-in|mailing|paywall|regwall|"
                   r"abonnier|abonnez|suscri(?:b|pci)|iscriviti|assine)"),
    ("share", r"(?:share|sharing|social|sociable|addthis|sharedaddy|print-?(?:button|link)|follow-?us|teilen|"
              r"partage|compartir|condividi|compartilh|delen\b)"),
    ("related", r"(?:related|more-?(?:stories|articles|news|from)|read-?(?:more|next|also)|also-?read|recommend|"
                r"outbrain|taboola|you-?may|trending|most-?(?:read|viewed|popular|shared)|popular|next-?(?:post|article)|"
                r"prev(?:ious)?-?(?:post|article)|teaser|further-?reading|see-?also|promo|"
                r"verwandt|mehr-?zum-?thema|weitere-?(?:artikel|beitr|news|themen)|lesen-?sie-?auch|empfehlung|"
                r"lire-?aussi|a-?lire|voir-?aussi|meme-?sujet|relacionad|tambien-?te|correlat|leggi-?anche|"
                r"leia-?tamb|veja-?tamb|gerelateerd|lees-?ook)"),
    ("author-bio", r"(?:author-?(?:bio|box|info|card|about|profile|details)|about-?(?:the-?)?author|bio(?:graphy)?\b|"
                   r"contributor)"),
    ("navigation", r"(?:nav\b|navbar|navigation|menu|breadcrumb|pagination|pager\b|skip-?link|masthead|topbar|"
                   r"site-?header|jump-?link)"),
    ("footer", r"(?:footer|copyright|site-?info)"),
    ("advertisement", r"(?:ad\b|ads\b|adv\b|advert|adslot|ad-?slot|ad-?unit|ad-?container|ad-?wrapper|dfp|gpt-?ad|"
                      r"sponsor|banner-?ad|dfp|werbung|anzeige\b|publicit[eé]|publicidad|pubblicit|advertentie|"
                      r"reclame)"),
    ("sidebar", r"(?:sidebar|side-?bar|widget|rail\b|right-?col)"),
    ("tags", r"(?:tags\b|tag-?list|tag-?cloud|taxonomy|categories|post-?tags|article-?tags|keywords)"),
    ("byline", r"(?:byline|author\b|authors\b|dateline|timestamp|post-?meta|article-?meta|entry-?meta|meta-?data|"
               r"published|updated|date\b)"),
    ("headline", r"(?:headline|article-?header|entry-?header|post-?header|page-?header|title\b)"),
    ("caption", r"(?:caption|photo-?credit|image-?credit|media-?credit|credits?\b|getty)"),
    ("popup", r"(?:modal|popup|overlay|lightbox-?overlay|visually-?hidden|sr-only|screen-?reader)"),
)
# WordPress prints the post's taxonomy into its class ("category-marketing-werbung", "tag-comments"): words about
# the story's subject, not the element's role. Removed before the role is read ("tag-list", "tag-cloud" are roles).
TAXONOMY_TOKEN = re.compile(r"(?<!\S)(?:category|tag|topic)-(?!(?:list|cloud|links?)(?:\s|$))\S+")
# All roles in one pattern (one search per element; the group that matched names the role).
BOILERPLATE = re.compile(_T + "(?:" + "|".join(f"(?P<{role.replace('-', '_')}>{pattern})"
                                                for role, pattern in _ROLE_PATTERNS) + ")")
# Roles whose mark holds whatever the element's size: a comment thread can be longer than the story.
STRONG_ROLES = frozenset({"comments", "cookie", "newsletter", "share", "related", "advertisement", "author-bio"})
# Readability's "okMaybeItsACandidate": a weak mark (sidebar, navigation...) on an element that also names
# content is a layout wrapper ("content-with-sidebar", "main-nav-offset").
# Page builders wrap each paragraph in "widgets"; Blogger (blogspot) puts every post in <div class="widget Blog">
# (its sidebar widgets are "BlogArchive", "PopularPosts"...: the bare token "blog" only).
MAYBE_CONTENT = re.compile(_T + r"(?:and\b|article|body|column|content|main|shadow|story|entry|post\b|text-?editor|"
                           r"rich-?text|elementor-widget|blog(?=$|\s))")
# Class and id strings whose verdict is memoised across pages (a few MB at most; CMSs share their class names).
NAMES_CACHE_SIZE = 65_536
# Roles that name a line or two (a byline, a date, a caption, a tag list): an element so named that holds more text
# than this is a wrapper whose name happens to match (Blogger's "date-outer" and "date-posts" hold each day's posts),
# walked and kept like unmarked markup. Bylines with date, share and tag links stay below (dev: 300 keeps one
# page's byline box as text, P 0.9775 -> 0.9772; 500 and 1,000 give the same figures, 500 keeps shorter posts).
LINE_ROLES = frozenset({"byline", "caption", "tags"})
LINE_ROLE_MAX_CHARS = 500
# Class/id tokens that name the story itself: such an element is never dropped as boilerplate even when another
# of its tokens matches ("article-body has-comments").
CONTENT_HINT = re.compile(_T + r"(?:article-?body|articlebody|article-?content|article-?text|articletext|story-?body|"
                          r"story-?content|entry-?content|post-?content|post-?body|body-?text|content-?body|"
                          r"main-?content|rich-?text|article__body|text-?body|hentry\b)")
# Pull quotes: a sentence of the story set in large type (often an <aside>): kept in place as a quote block.
PULL_QUOTE = re.compile(_T + r"(?:pull-?quote|pullquote)")
PULL_QUOTE_MAX_CHARS = 600  # longer, it is a styled container of the story, not one sentence
# ARIA roles that are chrome.
ROLE_ATTRIBUTES = {"navigation": "navigation", "banner": "navigation", "contentinfo": "footer",
                   "complementary": "related", "search": "navigation", "menu": "navigation", "menubar": "navigation",
                   "dialog": "popup", "alertdialog": "popup", "alert": "popup"}
# Inline elements that are hidden until hovered or only for screen readers: their text is not the sentence's.
# Captions and credits written as inline <span>s are left out for the same reason figure captions are.
INLINE_POPUP = re.compile(_T + r"(?:tooltip|popover|hover-?card|rollover-[\w-]*block|sr-only|visually-?hidden|"
                          r"screen-?reader|element-?invisible|caption|credits?\b)")
# Inline style that hides an element: hidden duplicates (AMP copies, "mobile" versions) must not be emitted twice.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")

# --- Scoring (Readability's scheme, recalibrated) ------------------------------------------------------------------

# A paragraph shorter than this gives its ancestors nothing: captions, bylines and buttons are short.
MIN_PARAGRAPH_CHARS = 25
# Each step of text length is worth one point, up to the cap: long paragraphs matter, but a wall of text must not
# outweigh many paragraphs (Readability: 100 chars, cap 3).
CHARS_PER_POINT = 100
MAX_LENGTH_POINTS = 3
# Commas in any script: a sentence-rich paragraph has them, a menu does not.
# Burmese writes its comma "၊", Ethiopic "፣".
COMMAS = (",", "،", "、", "，", "﹐", "﹑", "၊", "፣")  # counted with str.count: faster than a regex per paragraph
# Score share given to the ancestors of a paragraph, by distance: parent, grandparent, then 1/(3·level).
ANCESTOR_LEVELS = 5
# A class/id that names content or boilerplate shifts a candidate's score by this much (Readability: 25).
CLASS_WEIGHT = 25
# Readability's "alternative candidates": when this many of the best candidates within this ratio of the best
# share an ancestor, the ancestor is the article (the body split in several sibling containers).
ALTERNATIVE_RATIO = 0.75
ALTERNATIVE_MIN = 3
# A container whose children are several <article>s is a feed or a teaser list: it should not win over a story.
FEED_MIN_ARTICLES = 3
FEED_PENALTY = 0.2
# ...but when the stories of such a feed are printed in full (infinite scroll: the next stories after the one asked
# for), the page's own is the first: a candidate in an earlier <article> scoring this share of the best wins.
FEED_FIRST_STORY_RATIO = 0.5
# A candidate holding the page's single <h1> gains this much: the story's container usually holds its headline,
# teaser blocks do not (dev: 0.968 without, 0.971 at 5-20, worse at 30 where wrappers win).
HEADLINE_BONUS = 15
# A sibling of the chosen container joins it (the article cut by an ad slot) above this share of its score.
SIBLING_SCORE_RATIO = 0.2
SIBLING_MIN_SCORE = 10
# A lone sibling paragraph joins when long and not a link list, or short, link-free and sentence-like.
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_PARAGRAPH_LINK_DENSITY = 0.25
# A block whose direct text (not in child blocks) is this share of its text is a paragraph, whatever its tag.
DIRECT_TEXT_SHARE = 0.8
# (Arabic "؟", Devanagari "।", Burmese "။", Ethiopic "።", Armenian "։" end sentences too: see SENTENCE_MARKS.)
SENTENCE_END = re.compile(r"[.!?。！？…»”\"')؟।။።։]\s*$|[.!?。！？؟।။።։]\s")

# --- Cleaning inside the chosen container --------------------------------------------------------------------------

# A container block whose text is mostly links is a teaser list or navigation (related stories, tag clouds).
TEASER_LINK_DENSITY = 0.5
# A paragraph that is nearly all link and short is a "Read more: ..." teaser, not a sentence of the story.
LINK_PARAGRAPH_DENSITY = 0.8
LINK_PARAGRAPH_MAX_CHARS = 200
# A block this short titled by a single linked heading is a teaser card (image, linked title, excerpt).
TEASER_CARD_MAX_CHARS = 400
# A boilerplate-marked element holding more than this share of the container's text is the story's wrapper, not a
# widget inside it ("content has-sidebar"): it is kept.
WRAPPER_TEXT_SHARE = 0.4
COMMENTS_WRAPPER_SHARE = 0.75
# Repeated blocks shorter than this are never duplicates (a "***" separator, "Advertisement" is dropped elsewhere).
DEDUPE_MIN_CHARS = 20
# A repeated block this long is a copy; a shorter repeat only when next to such a copy (dev: 0.9725 with every
# repeat dropped, 0.9733 at 100).
DEDUPE_LONG_CHARS = 100

# --- Is it an article? -------------------------------------------------------------------------------------------

# Less body text than this, without a JSON-LD body to fall back on, is not an article (a login wall, an error page).
MIN_ARTICLE_CHARS = 250
# Chinese, Japanese and Korean characters each carry about what a short word does in spaced scripts: they count
# twice against that floor (a 210-character Japanese lead is a story's opening, not a login wall).
WIDE_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# The JSON-LD articleBody replaces the DOM body when the DOM body is shorter than this share of it.
JSONLD_BODY_RATIO = 0.6
# Confidence: the body length at which length alone is no longer a doubt.
CONFIDENT_CHARS = 1500

# --- Edges of the body ----------------------------------------------------------------------------------------------

# Dates, times and bylines sit above and below the story as short lines of their own ("Updated 3:27 am PST",
# "By admin - 2018-09-16"). A short paragraph at an edge (before the first or after the last long paragraph) that
# carries a year, a clock time or a numeric date, and no sentence end, is such a line.
DATE_MARK = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d{1,2}:\d\d(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
EDGE_LINE_MAX_CHARS = 100
# ...unless it reads as a sentence: this many words and a final full stop ("Am 12. September startet ... 2018 ...").
EDGE_SENTENCE_WORDS = 6
# ...or it ends with a full stop, question or exclamation mark of a script that has its own: Chinese and Japanese
# (no spaces, so no word count either), Arabic, Devanagari's danda, Burmese, Ethiopic, Armenian. A dated lead of
# a Chinese story ("2023年11月17日，…会见了…。") is a sentence, not a date line.
SENTENCE_MARKS = ("!", "?", "。", "！", "？", "؟", "।", "။", "።", "։")
# A short leading line opening with a publication word is a byline or a date line even without a date in it
# ("Published 1 day ago", "By Ann Smith"). The words of the languages most common in news, lower-cased.
# Scripts without spaces have no word boundary after the word: there the label's colon is required ("作者：…",
# "来源：新华社", source); "记者" (reporter) is left out: "记者从…获悉" opens many Chinese leads.
BYLINE_LEAD = re.compile(r"^(?:(?:by|posted|published|updated|written by|von|par|por|di|door|av|publié|mis à jour|"
                         r"publicado|atualizado|actualizado|pubblicato|aggiornato|veröffentlicht|aktualisiert|"
                         r"autor|autorin|auteur|autore|автор|текст|yazan|بقلم)\b|"
                         r"(?:作者|撰文|来源|來源|출처)\s*[:：])", re.IGNORECASE)
# A paragraph this long is story text: the edges are what lies before the first and after the last of them.
LONG_PARAGRAPH_CHARS = 120
# Prompts that end a story page (social follow, newsletter, share, subscribe, comment counts, "read also", editor
# credits): dropped when short and in the tail. English CMS wording, then the same prompts in the languages most
# common in news; other wording falls back to class/id and link-density rules. Chinese news closes with the editor
# in charge ("【责任编辑：…】"); Japanese and Korean with "related articles".
PROMPT = re.compile(r"^(?:follow|subscribe|sign up|get the latest|like this|share this|click here|have your say|"
                    r"download|listen|to read the full|read more|see also|related|tags?\b|this article is related|"
                    r"\(?reporting by|additional reporting|editing by|write to|email|e-mail|reach the|contact the|"
                    r"copyright|ⓒ|©|(?:™|®)\s*&\s*©|\(c\) |all rights reserved|if you enjoyed|join |more ap |"
                    # wire services' end marks: Yonhap's "(END)" (after the reporter's address), "(fin)", "-30-", "###"
                    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s+)?\((?:end|fin|ende)\)$|-30-$|###$|"
                    # German, French, Spanish, Italian, Portuguese, Dutch
                    r"\d*\s*(?:kommentar|commentaire|comentarios?\b|commenti\b|reacties\b)|"
                    r"(?:lesen sie (?:auch|mehr)|mehr zum thema|folgen sie|abonnieren sie|teilen sie|"
                    r"(?:à )?lire (?:aussi|également|la suite)|voir aussi|suivez[- ]nous|abonnez[- ]vous|partagez|"
                    r"lea también|lee también|leer más|te puede interesar|síguenos|suscríbete|comparte|"
                    r"leggi anche|seguici|iscriviti|condividi|leia (?:também|mais)|veja também|siga[- ]nos|assine|"
                    r"lees ook|volg ons)\b|"
                    # Chinese, Japanese, Korean: no word boundary to wait for
                    r"[(（【\[]?\s*(?:责任编辑|責任編輯|编辑|編輯|校对|校對)\s*[:：]|"
                    r"阅读下一篇|閱讀下一篇|延伸阅读|延伸閱讀|相关(?:新闻|阅读|文章|链接|报道|推荐)|相關(?:新聞|閱讀|文章|連結|報導)|"
                    r"関連(?:記事|キーワード|ニュース|リンク|情報)|관련(?:기사|뉴스)|"
                    r"(?:\(|（)?(?:with|avec|con|mit|com|met) (?:afp|ap|reuters|dpa|efe|ansa)\b)"
                    r"|contributed (?:reporting|(?:to )?(?:this )?report)|may (?:earn|receive) (?:an affiliate )?commission"
                    # a paywall's prompt under a teaser, in the languages most common in news; Japanese link labels
                    # ("会員の方はこちら": members, here)
                    r"|subscribers? only|already a subscriber|to continue reading|continue reading with"
                    r"|nur für abonnenten|bereits abonnent|réservé aux abonnés|déjà abonné|pour lire la suite"
                    r"|exclusivo para (?:suscriptores|assinantes)|ya eres suscriptor|riservato agli abbonati"
                    r"|会員限定|続きをお読み|はこちら$|订阅后|訂閱後|유료회원",
                    re.IGNORECASE)
# An advertisement's label left in the text flow, alone in its paragraph (the languages most common in news).
AD_LABEL = re.compile(r"^(?:advertisement|advertising|sponsored|anzeige|werbung|publicité|publicidad|pubblicità|"
                      r"publicidade|reclame|реклама|reklama|reklam|annons|annonce|anuncio|mainos|hirdetés|oglas|"
                      r"إعلان|विज्ञापन|โฆษณา|広告|광고|广告|廣告|continue reading below|"
                      r"story continues below(?: advertisement)?)$", re.IGNORECASE)
# A caption written as a paragraph ends with its credit in parentheses: "(Image: GETTY)", "(credit: NASA)".
CAPTION_CREDIT = re.compile(r"\((?:photo|image|picture|credit|foto|bild|imagen|immagine|фото)s?(?: credit)?\s*:[^)]*\)\s*$",
                            re.IGNORECASE)
CAPTION_MAX_CHARS = 300
# A paragraph that is only a URL or an e-mail address is a share link or the reporter's address ("kokobj@yna.co.kr"
# closing a wire story), never a sentence.
URL_ONLY = re.compile(r"^\s*(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*$")
PROMPT_MAX_CHARS = 300
# A post's tag line, however long its list: "Tags:", Blogger's "Labels:", and their names in other languages.
TAG_LINE = re.compile(r"^(?:tags?|labels?|schlagw[oö]rter|stichw[oö]rter|kategorien?|mots[- ]cl[ée]s|[ée]tiquettes|"
                      r"catégories|etiquetas|categorías|marcadores|etichette|categorie)\s*:", re.IGNORECASE)
# A closing line that is a label of a word or two and an address: "Facebook: https://fb.me/paper",
# "Twitter @paper", "LINE ID = @paper" (the same in any language: only the label is in it). Tail only, like PROMPT.
# One or two words before the address, written so that a long run of letters cannot be split into two words in
# every possible way (the same strings as "(?:[^\s:=]+\s*){1,2}", which took 1.9 ms on a 270-character line).
LINK_LINE = re.compile(r"^[^\s:=]+(?:\s+[^\s:=]+)?\s*[:=]?\s*(?:https?://\S+|www\.\S+|@[\w.]+)\s*$")
# A heading before the first paragraph that reads like a sentence is the standfirst (dek), not body text.
STANDFIRST_MIN_CHARS = 60
WORD = re.compile(r"\w+")
# Characters that print nothing and join nothing: the soft hyphen (hyphenation plugins put one in every long word of
# German and French pages: "réac\u00adtion" would read as two words), the word joiner and a stray BOM. Removed from
# all text. The zero-width space stays: Thai and Burmese pages use it as the only mark between words.
INVISIBLE = re.compile("[\u00ad\u2060\ufeff]")

