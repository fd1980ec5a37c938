"""Name normalisation: titles, case, possessives, and a transliteration-normalising key.

Everything here is language-general: title words, honorifics, and spelling rules that map the
usual English renderings of one Slavic/Arabic/... name onto one key (Sergey/Sergei, Zelensky/
Zelenskyy/Zelenskiy, Yevgeny/Evgeny, Aleksandr/Alexander).
"""
from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# Words that stand before a person's name and are not part of it (lower case, no dots).
TITLE_WORDS = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister brother
president vice prime premier minister ministers secretary chancellor governor gov mayor senator sen
rep representative congressman congresswoman speaker ambassador envoy commissioner mp mep
general gen lieutenant lt colonel col major maj captain capt sergeant sgt admiral marshal field
commander commandant corporal private officer detective det inspector constable sheriff deputy
chief head leader boss chairman chairwoman chair ceo cfo coo founder director manager
spokesman spokeswoman spokesperson adviser advisor aide judge justice attorney prosecutor lawyer
king queen prince princess emperor empress pope cardinal bishop archbishop imam rabbi sheikh
defence defense foreign interior home finance health justice economy trade energy education
acting former ex late then top senior junior assistant associate executive state national
coach manager striker actor actress singer star rapper presenter host reporter journalist
doctor nurse pastor blogger analyst expert economist historian author writer correspondent
comedian coroner suspect forward shooter gunman
""".split())
# Titles that only stand before a person (not "Defence", "State", "National": those open organisations' names too).
PERSON_TITLES = frozenset("""mr mrs ms miss dr prof sir dame lord lady rev president senator sen rep representative
congressman congresswoman governor gov mayor speaker ambassador gen lieutenant lt colonel col capt
sergeant sgt admiral coach judge pope bishop archbishop rabbi imam sheikh chancellor premier""".split())
# Words of a title that only count when another title word follows or the name follows directly.
_TITLE_PREFIX_ONLY = frozenset("acting former ex late then top senior junior assistant associate executive state national".split())
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|i|ic)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_EDGE_PUNCT = "\"'“”‘’«»()[]{},.;:!?*-–— \t\n"

# Generic feature words of geographic names: "the Dnipro River" / "river Dnipro" / "Dnipro".
GEO_FEATURES = frozenset("river lake sea ocean mount mountains mountain bay gulf strait island islands".split())


def clean_surface(text: str) -> str:
    """Normalise quotes and whitespace of a surface string."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(text.split()).strip(_EDGE_PUNCT.replace("'", "") + "'")


def strip_possessive(text: str) -> str:
    words = text.split()
    if words and _POSSESSIVE.search(words[-1]) and len(words[-1]) > 2:
        w = words[-1]
        words[-1] = w[:-2] if w[-2] in "'’" else w[:-1]
    return " ".join(words)


def is_title_word(word: str) -> bool:
    return word.lower().strip(".") in TITLE_WORDS


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading title words ("Defence Minister", "Ukrainian MP", "Mr", "Putin's") from a name."""
    i = 0
    while i < len(words) - 1:
        w = words[i]
        low = w.lower().strip(".")
        if low in TITLE_WORDS:
            i += 1
            continue
        nxt = words[i + 1].lower().strip(".")
        # "Ukrainian MP", "Russian Defence Minister", "Putin's Defence Minister"
        if nxt in TITLE_WORDS and (_DEMONYM.match(w) or _POSSESSIVE.search(w)) and i + 2 < len(words):
            i += 1
            continue
        break
    return words[i:]


def repair_case(words: list[str], person: bool) -> list[str]:
    """VLADIMIR Putin -> Vladimir Putin; all-caps acronyms of organisations stay as they are."""
    mixed = any(any(c.islower() for c in w) for w in words)
    out = []
    for w in words:
        if w.isupper() and sum(c.isalpha() for c in w) >= 3 and (person or mixed):
            w = "-".join(p.capitalize() for p in w.split("-"))
        out.append(w)
    return out


def normalise_name(text: str, type_: str) -> str:
    """The normalised form of a mention: no leading "the", no titles, no possessive, case repaired."""
    text = clean_surface(text)
    text = _LEADING_ARTICLE.sub("", text)
    text = strip_possessive(text)
    words = text.split()
    if type_ == "PERSON":
        words = strip_titles(words)
    if type_ in ("LOC", "GPE", "FAC") and len(words) == 2 and words[0].lower() in GEO_FEATURES and words[0].islower():
        words = [words[1], words[0].capitalize()]  # "river Dnipro" -> "Dnipro River"
    words = repair_case(words, type_ == "PERSON")
    return " ".join(words).strip(_EDGE_PUNCT)


_RULES = [
    (re.compile(r"(.)\1+"), r"\1"),          # doubled letters: Zelenskyy, Zaporizhzhia's zz
    (re.compile(r"kh"), "h"),                # Mikhail / Mihail
    (re.compile(r"ks"), "x"),                # Aleksandr / Alexandr
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"w"), "v"),                 # Wladimir / Vladimir
    (re.compile(r"^ye"), "e"),               # Yevgeny / Evgeny
    (re.compile(r"ie"), "i"),                # Dnieper / Dniper
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), "i"),
    (re.compile(r"y(?=[aeiou])"), "i"),      # Podolyak / Podoliak, Ilya / Ilia
    (re.compile(r"(?:iy|yi|ii|ij|ey|ei)$"), "i"),  # Zelenskiy / Zelensky, Sergey / Sergei
    (re.compile(r"(?<=[^aeiou])y$"), "i"),
    (re.compile(r"(?<=[^aeiou])y(?=[^aeiou])"), "i"),  # Mykhailo / Mikhailo
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=65536)
def translit_token(token: str) -> str:
    t = re.sub(r"[^a-z0-9]", "", anyascii(token).lower())
    for pattern, repl in _RULES:
        t = pattern.sub(repl, t)
    return t


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", name) if t]


def translit_key(name: str) -> str:
    """Key of a name under which its usual transliteration variants coincide."""
    return " ".join(k for k in (translit_token(t) for t in name_tokens(name)) if k)


def geo_core(name: str) -> tuple[str, str | None]:
    """("dnipro", "river") for "Dnipro River"; the feature word is kept apart from the name."""
    toks = name_tokens(name)
    feature = None
    if len(toks) > 1 and toks[-1].lower() in GEO_FEATURES:
        feature = toks[-1].lower()
        toks = toks[:-1]
    elif len(toks) > 1 and toks[0].lower() in GEO_FEATURES:
        feature = toks[0].lower()
        toks = toks[1:]
    return translit_key(" ".join(toks)), feature


def skeleton(key: str) -> str:
    """Consonant skeleton of a key: Dnieper and Dnipro both give "dnpr"."""
    return re.sub(r"[aeiouy\s]", "", key)


# English short forms of given names that are not a prefix of the full form (prefixes such as
# Fred/Frederick are matched as prefixes). One line per full name: "full: short short ...".
_SHORT_FORMS = """
william: bill billy will willie liam
robert: bob bobby rob robbie bert
james: jim jimmy jamie
michael: mike mikey mick mickey
richard: dick rick ricky rich richie
edward: ed eddie ted teddy ned
theodore: ted teddy
anthony: tony
joseph: joe joey
charles: chuck charlie chas
henry: hank harry
harold: harry hal
john: jack johnny jon
jonathan: jon jonny
david: dave davey
stephen: steve stevie
steven: steve stevie
andrew: andy drew
gerald: jerry gerry
jerome: jerry
lawrence: larry
laurence: larry
ronald: ron ronnie
donald: don donnie
eugene: gene
jacob: jake
katherine: kate katie kathy kat kay
kathryn: kate katie kathy kat kay
catherine: cate cathy kate katie
kathleen: kate katie kathy
elizabeth: liz lizzie beth betty betsy eliza libby
margaret: meg maggie peggy
susan: sue susie
jennifer: jen jenny
abigail: abby
maurice: mo
nathaniel: nate nat
nathan: nate nat
raymond: ray
rudolph: rudy
alexander: sandy alex
terence: terry
theresa: terry tess
walter: walt
zachary: zack zach
albert: al bert
alfred: al alf
kenneth: ken kenny
louis: lou
manuel: manny
martin: marty
patrick: pat paddy
patricia: pat patty trish
peter: pete
thomas: tom tommy
gregory: greg
jeffrey: jeff
timothy: tim timmy
samuel: sam sammy
benjamin: ben benny
daniel: dan danny
christopher: chris kit
matthew: matt
nicholas: nick nicky
philip: phil
douglas: doug
mitchell: mitch
vincent: vince vinny
"""


def _short_name_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for line in _SHORT_FORMS.strip().splitlines():
        full, shorts = line.split(":")
        for short in shorts.split():
            table.setdefault(translit_token(short), set()).add(translit_token(full.strip()))
    return {k: frozenset(v) for k, v in table.items()}


SHORT_NAMES = _short_name_table()  # key of a short form -> keys of the full names it stands for


def short_form_of(a: str, b: str) -> bool:
    """One given-name key is a usual short form of the other ("mo" / "maurice", "katie" / "kathryn")."""
    return b in SHORT_NAMES.get(a, ()) or a in SHORT_NAMES.get(b, ())


# Generational suffixes after a surname ("James R. Clapper Jr."), as keys.
GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def without_suffix(keys: list[str]) -> list[str]:
    """The keys of a full name without the generational suffixes that end it, first name and surname kept
    ("arcade joseph comeaux jr" -> arcade, joseph, comeaux)."""
    keys = list(keys)
    while len(keys) > 2 and keys[-1] in GENERATIONAL_SUFFIXES:
        keys.pop()
    return keys


# Words that open a compound surname ("Lo Presti", "van Gogh", "de la Cruz"), as keys.
SURNAME_PARTICLES = frozenset(translit_token(w) for w in
                              "lo la le de di da del della van von der den ter du dos das al el bin ben st saint mac".split())
