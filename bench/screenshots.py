"""The README's screenshots, taken from the real seed site in headless Chromium.

    python -m bench.screenshots          # builds the seed site, writes screenshots/*.jpg

Run it after any change to templates or CSS and commit the images with the change, so the
README shows the current build. Every shot is listed in SHOTS; tests/test_screenshots.py checks
that the README shows each one and that each file exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lighthouse import build_seed, first_paper, serve  # noqa: E402

OUT = ROOT / "screenshots"
DESKTOP = {"viewport": {"width": 1200, "height": 760}}
PHONE = {"viewport": {"width": 390, "height": 780}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PAGES = {"home": "", "topic": "topics/robot-manipulation/", "paper": None, "search": "search/?q=robot+learning"}
SHOTS = [  # (file name, page, scheme, device)
    *((f"{page}-{scheme}.jpg", page, scheme, "desktop") for page in PAGES for scheme in ("light", "dark")),
    ("phone-home-light.jpg", "home", "light", "phone"),
    ("phone-paper-dark.jpg", "paper", "dark", "phone"),
    ("phone-search-light.jpg", "search", "light", "phone"),
]
QUALITY = 80  # JPEG: about a fifth of a PNG's bytes for these pages, text still crisp at 1x


def main() -> None:
    from playwright.sync_api import sync_playwright

    site = build_seed(ROOT / "bench" / "results" / "screenshots" / "project")
    server, base = serve(site)
    paths = {**PAGES, "paper": first_paper(site)}
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for name, page, scheme, device in SHOTS:
            context = browser.new_context(color_scheme=scheme, **(PHONE if device == "phone" else DESKTOP))
            tab = context.new_page()
            tab.goto(base + paths[page])
            if page == "search":
                tab.wait_for_selector("#ds-search-results > li")
            tab.screenshot(path=str(OUT / name), type="jpeg", quality=QUALITY)
            context.close()
            print("wrote", OUT / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
