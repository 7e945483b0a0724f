"""Korean text rules every document shares: whole words on a line, and particles.

`keep_words_in_html(html)` (lib.pdf.render_pdf runs every PDF through it, so
template text, translations and user text alike) rewrites the text of an HTML
document so that a
word (어절) never breaks across lines while it fits on one; a longer word
breaks first after its own `-`, `·`, `/` or `,`; only a run with none of
these breaks between syllables (the stylesheet's `overflow-wrap: anywhere`).
Browsers keep words whole with `word-break: keep-all` (web pages use
`keep_words_html`, which only breaks very long runs). WeasyPrint (v70) has no
`keep-all` and breaks Hangul between any two syllables, so for the PDF:
- each piece of a word has a WORD JOINER (U+2060) between its characters (not
  between two ASCII ones, which never break and would lose a ligature's text): Pango
  finds no break inside it and draws nothing for the joiner; pdftotext and
  copy-paste read the plain word;
- a word with pieces (`다함께돌봄센터-지역아동센터`) wider than the narrowest
  line a document has (SEPARATE_FROM_EM) is an inline-block (`.kw`,
  result-document-fonts.css, linked by every PDF): it moves to the next line
  whole when it fits there, and only when it is wider than a line does it wrap
  inside, at its `<wbr>`s after `-`, `·`, `/`, `,`. A shorter one is joined
  whole like any word: inline-blocks cost WeasyPrint a layout of their own
  each (a 60-proposal document of such words took twice as long).

`particle(word, "을/를")`: the particle after `word` chosen by its last
sound (받침), for 이/가, 은/는, 을/를, 와/과 and (으)로 (ㄹ takes 로);
digits and Latin letters by their Korean reading (`member01@example.com` →
…닷컴 → 으로, `3` → 삼 → 을).
"""

from __future__ import annotations

import html as html_lib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Pango shapes an unbroken run in time that grows with the square of its
# length (600 syllables without a break ~1 s; 5,000 over a minute): a piece
# longer than this is left to break between any syllables, and a run with no
# break at all (Latin, digits) gets a break opportunity every LONG_RUN characters.
LONG_RUN = 40
WORD_JOINER = "\u2060"
# A long word breaks after these first (`다함께돌봄센터-│지역아동센터`, `체육대회·│작품전시회`).
BREAK_AFTER = "-·/,"
# A word with - · / , wider than this (in em: a syllable is 1) may break at them; narrower
# ones fit every line of the documents (the narrowest table cells hold about 16 syllables).
SEPARATE_FROM_EM = 16
# A piece longer than this is no word (a pasted string): it breaks between syllables.
MAX_WORD = 30
_TOKENS = re.compile(r"(\s+)")
_PIECES = re.compile(r"[^" + re.escape(BREAK_AFTER) + r"]*[" + re.escape(BREAK_AFTER) + r"]+|.+$")


def _pieces(token: str) -> list[str]:
    """`다함께돌봄센터-지역아동센터` → [`다함께돌봄센터-`, `지역아동센터`]."""
    return [piece for piece in _PIECES.findall(token) if piece]


def _piece_html(piece: str, for_pdf: bool) -> str:
    if for_pdf and len(piece) > MAX_WORD:
        return escape(piece)
    if len(piece) > LONG_RUN:
        # Too long to be a word: Hangul breaks between syllables by itself; other
        # scripts get an opportunity every LONG_RUN characters (see LONG_RUN).
        chunks = [piece[i : i + LONG_RUN] for i in range(0, len(piece), LONG_RUN)]
        return "<wbr>".join(escape(chunk) for chunk in chunks)
    if for_pdf and len(piece) > 1:
        return escape(_joined(piece))
    return escape(piece)


def _joined(piece: str) -> str:
    """`piece` with a WORD JOINER wherever a line could break inside it: next to any
    non-ASCII character (Hangul breaks between syllables). Two ASCII characters are
    left as they are: Latin never breaks inside a word, and a joiner between `f` and
    `i` broke the ligature's text (copy-paste read `file` as ` le`)."""
    out = [piece[0]]
    for before, char in zip(piece, piece[1:], strict=False):
        if not (before.isascii() and char.isascii()):
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def width_em(text: str) -> float:
    """About how wide `text` is in em: Hangul and other wide characters 1, the rest 0.55."""
    return sum(1.0 if ord(char) >= 0x1100 else 0.55 for char in text)


def _token_html(token: str, for_pdf: bool) -> str:
    pieces = _pieces(token)
    if not for_pdf:  # browsers: keep-all already breaks after - / where it must
        return "".join(_piece_html(piece, for_pdf) for piece in pieces)
    if len(pieces) > 1 and len(token) <= MAX_WORD and width_em(token) <= SEPARATE_FROM_EM:
        return _piece_html(token, for_pdf)
    html = "<wbr>".join(_piece_html(piece, for_pdf) for piece in pieces)
    return f'<span class="kw">{html}</span>' if len(pieces) > 1 else html


def keep_words_html(value: object, *, for_pdf: bool = False) -> SafeString:
    """Escaped HTML of `value`, each word kept whole on a line (see the module doc)."""
    parts = [
        escape(token) if not token or token.isspace() else _token_html(token, for_pdf)
        for token in _TOKENS.split(str(value))
    ]
    # Every piece of user text went through escape(); only <wbr> and .kw spans are markup.
    return mark_safe("".join(parts))  # noqa: S308


# Text between tags, leaving alone what is not shown text (styles, scripts, SVG, the title).
_SKIPPED = re.compile(
    r"(<(style|script|svg|title)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)", re.DOTALL | re.IGNORECASE
)


def keep_words_in_html(document: str) -> str:
    """`document` (HTML for WeasyPrint) with the text of every element made to keep
    its words whole (see the module doc); tags and attributes are left as they are."""
    out: list[str] = []
    position = 0
    for match in _SKIPPED.finditer(document):
        text = document[position : match.start()]
        if text:
            out.append(keep_words_html(html_lib.unescape(text), for_pdf=True))
        out.append(match.group(0))
        position = match.end()
    tail = document[position:]
    if tail:
        out.append(keep_words_html(html_lib.unescape(tail), for_pdf=True))
    return "".join(out)


# --- particles ----------------------------------------------------------------------------------

# (with 받침, without 받침) of each particle; `(으)로` is special-cased for ㄹ.
PARTICLES = {
    "이/가": ("이", "가"),
    "은/는": ("은", "는"),
    "을/를": ("을", "를"),
    "와/과": ("과", "와"),
    "(으)로": ("으로", "로"),
    "(이)라는": ("이라는", "라는"),
    "(이)나": ("이나", "나"),
}
NO_FINAL, RIEUL, OTHER_FINAL = "none", "ㄹ", "other"
_RIEUL_INDEX = 8
# The final sound of each digit as read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {
    "0": OTHER_FINAL,
    "1": RIEUL,
    "2": NO_FINAL,
    "3": OTHER_FINAL,
    "4": NO_FINAL,
    "5": NO_FINAL,
    "6": OTHER_FINAL,
    "7": RIEUL,
    "8": RIEUL,
    "9": NO_FINAL,
}
# Round numbers end in 십, 백, 천, 만.
_ZEROS_FINAL = {1: OTHER_FINAL, 2: OTHER_FINAL, 3: OTHER_FINAL}
# Latin letters spelled out: 엘, 엠, 엔, 알 end in a consonant; the others in a vowel.
_LETTER_FINAL = {"l": RIEUL, "r": RIEUL, "m": OTHER_FINAL, "n": OTHER_FINAL}
# Endings read as words: 닷컴, 넷, 케이알.
_LATIN_ENDINGS = {"com": OTHER_FINAL, "net": OTHER_FINAL, "kr": RIEUL, "org": NO_FINAL}
_TRAILING = re.compile(r"[\s'\"‘’“”()\[\]{}<>「」『』.,;:!?·…~-]+$")


def _latin_final(word: str) -> str:
    lower = word.lower()
    for ending, final in _LATIN_ENDINGS.items():
        if lower.endswith(ending) and (len(lower) == len(ending) or lower[-len(ending) - 1] == "."):
            return final
    if len(lower) <= 3 or word.isupper():  # an abbreviation is spelled: SNS 에스엔에스
        return _LETTER_FINAL.get(lower[-1], NO_FINAL)
    # A word read as a word: 파일(file) ㄹ, 팀(team) ㅁ, 센터(center) none.
    if lower.endswith(("l", "le")):
        return RIEUL
    if lower[-1] in "mnkptb" or lower.endswith("ng"):
        return OTHER_FINAL
    return NO_FINAL


def final_sound(word: str) -> str:
    """`none`, `ㄹ` or `other`: how `word` ends when read aloud."""
    word = _TRAILING.sub("", str(word))
    if not word:
        return NO_FINAL
    last = word[-1]
    if "가" <= last <= "힣":
        index = (ord(last) - 0xAC00) % 28
        return NO_FINAL if index == 0 else RIEUL if index == _RIEUL_INDEX else OTHER_FINAL
    if last.isdigit():
        digits = re.search(r"\d+$", word)[0]
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros and digits.strip("0"):
            return _ZEROS_FINAL.get(zeros, OTHER_FINAL)
        return _DIGIT_FINAL.get(last, NO_FINAL)
    latin = re.search(r"[A-Za-z]+$", word)
    if latin:
        return _latin_final(latin[0])
    return NO_FINAL


def particle(word: object, kind: str) -> str:
    """The particle `kind` (`이/가`, `은/는`, `을/를`, `와/과`, `(으)로` …) after `word`."""
    with_final, without_final = PARTICLES[kind]
    final = final_sound(str(word))
    if kind == "(으)로":
        return without_final if final in (NO_FINAL, RIEUL) else with_final
    return without_final if final == NO_FINAL else with_final


def with_particle(word: object, kind: str) -> str:
    """`word` followed by its particle: `금정구` + `을/를` → `금정구를`."""
    return f"{word}{particle(word, kind)}"


# --- typed bullets ------------------------------------------------------------------------------

# The document adds its own ○ / ▷ / - before each line: one typed in front is dropped
# (`○ 돌봄시설 확충` is stored as `돌봄시설 확충`, never printed `○ ○ …`). A hyphen counts
# only with a space after it (`-3도` is text).
_BULLET = re.compile(r"^\s*(?:[○▷▶·•●◦∙ㆍ]\s*|-\s+)+")


def without_bullet(line: str) -> str:
    """`line` without the bullets typed at its start."""
    return _BULLET.sub("", line)


def without_bullets(text: str) -> str:
    """Every line of `text` without the bullets typed at its start."""
    return "\n".join(without_bullet(line) for line in str(text).split("\n"))
