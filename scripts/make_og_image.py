"""Draw static/img/og.png, the 1200x630 picture shown in link previews, with Debian's Chromium.

Run it after changing the headline: `.venv/bin/python scripts/make_og_image.py` (needs `make setup-test`).
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "og.png"

HTML = """<!doctype html><html lang="ru"><meta charset="utf-8"><style>
body{margin:0;width:1200px;height:630px;font-family:"DejaVu Sans",sans-serif;color:#fff;
background:linear-gradient(120deg,#4420b8,#5b2fe0 60%,#7b55f0);display:flex;flex-direction:column;
justify-content:center;padding:0 90px;box-sizing:border-box}
.brand{font-size:34px;font-weight:700;opacity:.9;margin-bottom:36px}
h1{font-size:68px;line-height:1.1;margin:0 0 36px;letter-spacing:-1px}
p{font-size:30px;margin:0;color:#e9e4ff}
b{color:#fff}
</style><div class="brand"><svg viewBox="0 0 32 32" width="40" height="40" style="vertical-align:-8px;margin-right:12px"><rect x="3" y="12" width="26" height="17" rx="3" fill="#fff"/><rect x="1" y="8" width="30" height="6" rx="2" fill="#fff" opacity=".8"/><path d="M16 8v21" stroke="#5b2fe0" stroke-width="3"/><path d="M16 8c-3-6-10-5-8 0M16 8c3-6 10-5 8 0" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/></svg>Giftery для партнёров</div>
<h1>1&nbsp;минута. Личная ссылка. Деньги за&nbsp;рекомендацию</h1>
<p>Средняя выплата <b>5&nbsp;000&nbsp;₽</b> • перечисление за&nbsp;<b>3&nbsp;рабочих&nbsp;дня</b></p>"""

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1200, "height": 630})
    page.set_content(HTML)
    page.screenshot(path=str(OUT))
    browser.close()
print(OUT)
