"""Forms read from a page and sent as a browser sends them, for tests that act as a person.

A browser posts what the page holds (hidden fields, the CSRF token, what a select shows as
selected) plus what the person typed and the one button they pressed. Posting a dict the test
wrote instead would pass with a field the page no longer has, or a token it never gave.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Button:
    name: str | None
    value: str
    text: str = ""
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    fields: dict[str, str] = field(default_factory=dict)  # name -> what the page holds
    buttons: list[Button] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)  # a select's option values

    def button(self, text: str) -> Button:
        found = [b for b in self.buttons if b.text == text]
        assert len(found) == 1, f"no single button {text!r} in {[b.text for b in self.buttons]}"
        return found[0]

    def data(self, press: str | None = None, **typed: str) -> dict[str, str]:
        """What the browser sends when the person types `typed` and presses the button `press`."""
        unknown = set(typed) - set(self.fields)
        assert not unknown, f"the form has no field {sorted(unknown)}"
        for name, value in typed.items():
            if name in self.options:
                assert value in self.options[name], f"{name} offers no {value!r}"
        sent = {**self.fields, **typed}
        if press is not None:
            button = self.button(press)
            if button.name:
                sent[button.name] = button.value
        return sent


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._button: Button | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self._form = Form(action=attrs.get("action") or self.page_url,
                              method=attrs.get("method", "get").lower(), attrs=attrs)
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "submit":
                self._form.buttons.append(Button(name, attrs.get("value", ""),
                                                 attrs.get("value", ""), attrs))
            elif kind in {"checkbox", "radio"}:
                if name and "checked" in attrs:
                    self._form.fields[name] = attrs.get("value", "on")
            elif name:
                self._form.fields[name] = attrs.get("value", "")
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = Button(name, attrs.get("value", ""), "", attrs)
            self._form.buttons.append(self._button)
        elif tag == "select" and name:
            self._select = name
            self._form.options[name] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._form.options[self._select].append(value)
            if "selected" in attrs or self._select not in self._form.fields:
                self._form.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._button = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] += data
        if self._button is not None:
            self._button.text = " ".join((self._button.text + data).split())


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def form_on(html: str, page_url: str, **attrs: str) -> Form:
    """The one form on the page whose attributes include `attrs` (e.g. class_="language-choice")."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    found = [f for f in forms_on(html, page_url)
             if all(f.attrs.get(name) == value for name, value in wanted.items())]
    assert len(found) == 1, f"{len(found)} forms with {wanted} on {page_url}"
    return found[0]
