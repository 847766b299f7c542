"""The browsers the suite pretends to be, and how every Chromium is launched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Debian's Chromium; Playwright's download is never used. Its headless shell (Debian's package
# chromium-headless-shell: the same version, the same Blink, what Playwright itself runs for
# headless=True) renders the same pixels and finds the same axe results as the full browser in
# headless mode, with about 40 % less CPU for the suite: opening a context, a page, each page
# load. `make browser` installs it; without it the full browser runs the same tests.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_EXECUTABLE = str(HEADLESS_SHELL) if HEADLESS_SHELL.exists() else "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass(frozen=True)
class Device:
    name: str
    width: int
    height: int
    is_mobile: bool
    has_touch: bool
    user_agent: str | None
    device_scale_factor: float = 1

    def context_options(self) -> dict:
        options = {
            "viewport": {"width": self.width, "height": self.height},
            "screen": {"width": self.width, "height": self.height},
            "is_mobile": self.is_mobile,
            "has_touch": self.has_touch,
            "device_scale_factor": self.device_scale_factor,
            "locale": "en-US",  # Accept-Language: signed-out pages are English unless chosen
            "timezone_id": "America/Los_Angeles",
        }
        if self.user_agent:
            options["user_agent"] = self.user_agent
        return options


PHONE = Device(
    name="phone",
    width=390,
    height=844,
    is_mobile=True,
    has_touch=True,
    user_agent=(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
)

DESKTOP = Device(
    name="desktop",
    width=1280,
    height=800,
    is_mobile=False,
    has_touch=False,
    user_agent=(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36"
    ),
)

DEVICES = {device.name: device for device in (PHONE, DESKTOP)}

# check_page measures overflow and tap targets at a common narrow phone, and again at 320 px:
# WCAG 1.4.10 (Reflow) asks for no sideways scrolling at 320 CSS px (a small phone, or 1280 px
# zoomed to 400 %).
NARROW_WIDTH = 360
REFLOW_WIDTH = 320
