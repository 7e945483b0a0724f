"""Checks that a page shows hostile text as text: no injected element, attribute or URL."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements a portal page may contain at all; anything else came from a payload.
DANGEROUS_TAGS = {
    "iframe", "object", "embed", "svg", "math", "base", "marquee", "video", "audio",
    "source", "image", "frame", "frameset", "applet", "style",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href"}
BAD_URL_PREFIXES = ("javascript:", "vbscript:", "file:", "http://evil", "https://evil", "//evil")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script> without a /static/ src: {values}")
        if tag == "link" and not (values.get("href") or "").startswith(("/static/", "data:")):
            self.problems.append(f"<link> to {values.get('href')}")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append("<meta http-equiv>")
        if tag == "img" and not (values.get("src") or "").startswith(("/static/", "data:")):
            self.problems.append(f"<img> from {values.get('src')}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name == "autofocus" and tag not in {"input", "textarea", "select"}:
                self.problems.append(f"<{tag} autofocus>")
            if name in URL_ATTRIBUTES and value:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(BAD_URL_PREFIXES):
                    self.problems.append(f"<{tag} {name}={value!r}>")


def injected_markup(html: str) -> list[str]:
    """Every element or attribute on the page that only a payload could have put there."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    problems = collector.problems
    lowered = html.lower()
    for marker in ("<script>alert", "<script src=http", "<img src=x", "<svg", "<iframe"):
        if marker in lowered:
            problems.append(f"raw {marker!r} in the HTML")
    return problems


def assert_shown_as_text(html: str, *, expect_escaped: bool = True) -> None:
    problems = injected_markup(html)
    assert not problems, "hostile input reached the page as markup:\n" + "\n".join(problems)
    # Some payload is on the page, escaped (or the test proves nothing).
    assert "&lt;" in html, "no escaped payload on the page"
    if expect_escaped:
        # The most common payload is on the page, as text.
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
