"""The stylesheet serves both directions: logical properties only, no physical left or right.

Arabic pages are `dir="rtl"` and nothing else changes (DESIGN.md, "Languages"): so no rule in
static/css/*.css may name a physical side. What counts as physical, in any declaration:

* a property naming a side: `margin-left`, `padding-right`, `border-left-color`, `left`,
  `border-top-right-radius`, `scroll-margin-left`...;
* a value naming a side: `float: left`, `text-align: right`, `clear: left`, `transform-origin:
  left`, `background-position: right`...;
* a shorthand whose sides differ (`margin: 0 1rem 0 0`; `border-radius: 4px 0`);
* a shadow moved sideways (`box-shadow: 2px 0 0 ...`), or a sideways transform
  (`translateX(4px)`, `scaleX(-1)`).

A declaration may stay physical only with its reason in a comment on the same line that starts
with "physical:", e.g. `transform: scaleX(-1); /* physical: mirrors an arrow under dir=rtl */`.
"""

import re
from pathlib import Path

import pytest

CSS_DIR = Path(__file__).resolve().parents[1] / "static" / "css"

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_DECLARATION = re.compile(
    r"(?<![-\w])(?P<prop>-{0,2}[a-zA-Z][-\w]*)\s*:\s*(?P<value>[^;{}]*?)\s*(?:;|$)")
_SIDE_PROPERTY = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")
_SIDE_WORD = re.compile(r"\b(?:left|right)\b", re.I)
_REASON = re.compile(r"/\*\s*physical:\s*\S.{8,}?\*/", re.S)
# Shorthands of four sides (top, right, bottom, left): physical when right and left differ.
_FOUR_SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color",
               "scroll-margin", "scroll-padding"}
_SIDEWAYS_TRANSFORM = re.compile(
    r"\b(?:translateX|scaleX|skewX|skew|rotateY|matrix|matrix3d)\s*\("
    r"|\btranslate\s*\(\s*(?!0\s*[,)])", re.I)
_FUNCTION = re.compile(r"\b[a-z-]+\([^()]*\)", re.I)
_ZERO = re.compile(r"^[-+]?0+(?:\.0+)?[a-z%]*$", re.I)


def _rule_bodies(css: str):
    """(start, end) of the text inside each innermost { ... } block: where declarations are."""
    stack: list[int] = []
    for position, char in enumerate(css):
        if char == "{":
            stack.append(position + 1)
        elif char == "}":
            if not stack:
                raise ValueError(f"unbalanced '}}' at offset {position}")
            start = stack.pop()
            inner = css[start:position]
            if "{" not in inner:
                yield start, position
    if stack:
        raise ValueError(f"unclosed '{{' at offset {stack[-1]}")


def _why_physical(prop: str, value: str) -> str | None:
    prop = prop.lower()
    if prop.startswith("--"):
        return None
    if _SIDE_PROPERTY.search(prop):
        return f"the property {prop} names a side"
    words = _STRING.sub('""', value)
    if _SIDE_WORD.search(words):
        return f"the value of {prop} names a side"
    if prop in ("transform", "translate", "scale") and (
            _SIDEWAYS_TRANSFORM.search(words)
            or (prop in ("translate", "scale") and _sideways_pair(prop, words))):
        return f"{prop} moves or flips sideways"
    plain = _FUNCTION.sub("f", _FUNCTION.sub("f", words)).replace("!important", "").split()
    if prop in _FOUR_SIDES and len(plain) == 4 and plain[1] != plain[3]:
        return f"{prop} gives the left and right sides different values"
    if prop == "border-radius":
        corners = " ".join(plain).split("/")
        if any(len(set(part.split())) > 1 for part in corners):
            return "border-radius gives the corners different values"
    if prop in ("box-shadow", "text-shadow"):
        for shadow in _FUNCTION.sub("f", words).split(","):
            lengths = [w for w in shadow.split() if re.match(r"^[-+]?[\d.]", w)]
            if lengths and not _ZERO.match(lengths[0]):
                return f"{prop} is moved sideways ({lengths[0]})"
    return None


def _sideways_pair(prop: str, words: str) -> bool:
    parts = words.split()
    if prop == "translate":
        return bool(parts) and not _ZERO.match(parts[0])
    return len(parts) >= 2 and parts[0] != parts[1]


def physical_declarations(css: str) -> list[str]:
    """Each physical declaration without a "physical:" reason, as "line N: what: why"."""
    # Comments out (kept as spaces, so offsets and line numbers stay), then each declaration.
    bare = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), css)
    found = []
    for start, end in _rule_bodies(bare):
        for declaration in _DECLARATION.finditer(bare, start, end):
            why = _why_physical(declaration["prop"], declaration["value"])
            if why is None:
                continue
            line = css.count("\n", 0, declaration.start()) + 1
            line_end = css.find("\n", declaration.end())
            rest_of_line = css[declaration.end():line_end if line_end != -1 else len(css)]
            if _REASON.search(rest_of_line):
                continue
            found.append(f"line {line}: {declaration.group().strip()}: {why}")
    return found


def _stylesheets() -> list[Path]:
    sheets = sorted(CSS_DIR.glob("*.css"))
    assert sheets, f"no stylesheet in {CSS_DIR}"
    return sheets


@pytest.mark.parametrize("sheet", _stylesheets(), ids=lambda p: p.name)
def test_stylesheet_uses_logical_properties_only(sheet):
    problems = physical_declarations(sheet.read_text(encoding="utf-8"))
    assert not problems, (
        f"{sheet.name}: physical left/right (use margin-inline-start, inset-inline-end, "
        "text-align: start, float: inline-start...; or give the reason in a "
        "'/* physical: ... */' comment on the same line):\n" + "\n".join(problems))


@pytest.mark.parametrize("sheet", _stylesheets(), ids=lambda p: p.name)
def test_stylesheet_has_no_merge_leftovers(sheet):
    """A conflict marker left in a stylesheet silently drops the rule after it."""
    text = sheet.read_text(encoding="utf-8")
    markers = [f"line {n}: {line}" for n, line in enumerate(text.splitlines(), start=1)
               if re.match(r"^(<{7}|={7}|>{7})(\s|$)", line)]
    assert not markers, f"{sheet.name}: merge conflict markers:\n" + "\n".join(markers)
    list(_rule_bodies(_COMMENT.sub("", text)))  # braces balance


@pytest.mark.parametrize("css", [
    ".a { margin-left: 1rem; }",
    ".a { padding-right: 0; }",
    ".a { border-left: 1px solid; }",
    ".a { border-top-right-radius: 4px; }",
    ".a { position: absolute; left: 0; }",
    ".a { right: 1rem }",
    ".a { float: left; }",
    ".a { text-align: right; }",
    ".a { clear: left; }",
    ".a { transform-origin: left center; }",
    ".a { background-position: right 1rem top; }",
    ".a { margin: 0 1rem 0 0; }",
    ".a { padding: 0 0.5rem 0 calc(1rem + 2px); }",
    ".a { border-radius: 4px 0; }",
    ".a { box-shadow: 2px 0 0 rgb(0 0 0 / 0.25); }",
    ".a { box-shadow: inset 0 3px 0 red, -3px 0 0 blue; }",
    ".a { transform: translateX(4px); }",
    ".a { transform: scaleX(-1); }",
    ".a { transform: translate(4px, 0); }",
    ".a { translate: 1rem; }",
    "@media (min-width: 48rem) { .a { margin-right: auto; } }",
    ".a { margin-left: 0; } /* physical: */",
])
def test_the_check_finds_physical_sides(css):
    assert physical_declarations(css), css


@pytest.mark.parametrize("css", [
    ".a { margin-inline-start: 1rem; padding-inline: 0 1rem; inset-inline-end: 0; }",
    ".a { text-align: start; float: inline-end; border-inline-start: 6px solid red; }",
    ".a { margin: 0 1rem; padding: 1rem 1rem 2rem; margin: 0 0 1rem; }",
    ".a { margin: 0.5rem 1rem 0.5rem 1rem; border-radius: var(--radius); }",
    ".a { box-shadow: inset 0 -3px 0 var(--brand); box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.25); }",
    ".a { transform: translateY(2px); translate: 0 2px; }",
    ".a::before { content: \"left\"; }",
    "/* margin-left: 1rem */ .a { color: red; }",
    ".a { --left-gap: 1rem; }",
    "[dir=rtl] .a { transform: scaleX(-1); /* physical: mirrors the arrow's drawing */ }",
])
def test_the_check_lets_logical_and_explained_rules_be(css):
    assert physical_declarations(css) == [], css
