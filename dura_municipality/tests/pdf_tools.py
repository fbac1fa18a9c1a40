"""Turn a rendered PDF into text (to compare) and pictures (to look at)."""

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from xml.etree import ElementTree

import odoo.http

# bidi embedding/override/isolate marks pdftotext puts around right-to-left runs, and the
# zero-width space Odoo's monetary format puts after a minus sign
BIDI_MARKS = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
POPPLER_MISSING = (
    "poppler-utils (pdftotext, pdftoppm) is not installed: the PDF tests read the reports back "
    "with it. Run 'make setup', which installs it."
)


def require_poppler(case):
    """Fail -- not skip -- the test `case` when poppler is missing: a PDF test that skips
    quietly proves nothing about the documents citizens hold."""
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        case.fail(POPPLER_MISSING)


# glyphs of one line whose boxes touch (within this many points) are one word: pdftotext gives
# the letters of a right-to-left word one by one, each touching the next; glyphs drawn over each
# other stay apart, to be found by misplaced_words
JOIN_GAP = 0.5
# two words overlap when their boxes share more than this (points) in both directions:
# neighbouring boxes of one line or of two lines may touch
OVERLAP = 1.0
XHTML = "{http://www.w3.org/1999/xhtml}"


def _poppler(command, content):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            [*command, pdf.name, *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def _normalise(text):
    return BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text))


def pdf_text(content):
    """The PDF's text, NFKC-normalised (wkhtmltopdf writes Arabic presentation forms)."""
    return _normalise(_poppler(["pdftotext", "-layout"], content))


def join_glyphs(line_words):
    """Join the boxes of one line, [(text, (x0, y0, x1, y1))], that touch into words."""
    words = []
    for text, box in sorted(line_words, key=lambda word: word[1][0]):
        if words and abs(box[0] - words[-1][1][2]) < JOIN_GAP:
            last_text, last = words[-1]
            words[-1] = (
                last_text + text,
                (last[0], min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3])),
            )
        else:
            words.append((text, box))
    return words


def pdf_words(content):
    """The PDF's pages as [(width, height, [(word, (x0, y0, x1, y1)), ...]), ...] in points,
    from ``pdftotext -bbox-layout``, the glyphs of each word joined (:func:`join_glyphs`)."""
    root = ElementTree.fromstring(_poppler(["pdftotext", "-bbox-layout"], content))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        words = []
        for line in page.iter(f"{XHTML}line"):
            words += join_glyphs(
                [
                    (
                        _normalise(word.text or ""),
                        tuple(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")),
                    )
                    for word in line.iter(f"{XHTML}word")
                ]
            )
        pages.append((float(page.get("width")), float(page.get("height")), words))
    return pages


def margins_pt(paperformat):
    """(left, top, right, bottom) margins of a report.paperformat, in points."""
    return tuple(
        paperformat[f"margin_{side}"] * 72 / 25.4 for side in ("left", "top", "right", "bottom")
    )


def misplaced_words(pages, margins=(0, 0, 0, 0)):
    """Words drawn outside the page's printable box (the page less `margins`, in points:
    wkhtmltopdf clips what it draws there, though the text stays in the PDF) and pairs of
    words drawn over each other, as readable lines (empty when the layout is clean)."""
    left, top, right, bottom = (margin - OVERLAP for margin in margins)
    problems = []
    for number, (width, height, words) in enumerate(pages, 1):
        for text, (x0, y0, x1, y1) in words:
            if x0 < left or y0 < top or x1 > width - right or y1 > height - bottom:
                problems.append(f"page {number}: {text!r} leaves the page at {x0:.0f},{y0:.0f}")
        for index, (text, box) in enumerate(words):
            for other, other_box in words[index + 1 :]:
                dx = min(box[2], other_box[2]) - max(box[0], other_box[0])
                dy = min(box[3], other_box[3]) - max(box[1], other_box[1])
                if dx > OVERLAP and dy > OVERLAP:
                    problems.append(
                        f"page {number}: {text!r} overlaps {other!r} at {box[0]:.0f},{box[1]:.0f}"
                    )
    return problems


def pdf_fonts(content):
    """[(name, type, embedded)] of the fonts the PDF's text uses (``pdffonts``)."""
    fonts = []
    for line in _poppler(["pdffonts"], content).splitlines()[2:]:
        name, rest = line.split(None, 1)
        # columns: name, type (may hold spaces), encoding, emb, sub, uni, object id
        fields = rest.split()
        fonts.append((name, " ".join(fields[:-6]), fields[-5] == "yes"))
    return fonts


def assert_clean_pdf(case, content, words=(), margins=None):
    """The checks every archived document passes: each of `words` is text in the PDF, every
    font is embedded as text (none drawn as Type 3 outlines), no word leaves the printable
    box of its page (`margins` in points, default the Dura paperformat's) and none is drawn
    over another. Returns the PDF's text."""
    text = pdf_text(content)
    for word in words:
        case.assertIn(word, text)
    for name, kind, embedded in pdf_fonts(content):
        case.assertTrue(embedded and "Type 3" not in kind, f"font {name} ({kind}) is not text")
    if margins is None:
        margins = margins_pt(case.env.ref("dura_municipality.paperformat_dura_body_only"))
    problems = misplaced_words(pdf_words(content), margins)
    case.assertFalse(problems, "\n".join(problems))
    return text


def keep_pdf(content, name):
    """Keep a copy of the PDF and a PNG of its first page in $DURA_REPORT_OUT (if set) to look
    at after the run."""
    out = os.environ.get("DURA_REPORT_OUT")
    if not out:
        return
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"{name}.pdf")
    with open(path, "wb") as pdf:
        pdf.write(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-l", "3", path, os.path.join(out, name)],
        check=True,
        capture_output=True,
    )


def render_pdf(case, report, ids, name, lang=None):
    """Render `report` for `ids` through wkhtmltopdf in an HttpCase `case` (its server serves
    the report's assets), keep a copy and return the PDF."""
    require_poppler(case)
    case.env["ir.config_parameter"].sudo().set_param("report.url", case.base_url())
    # wkhtmltopdf fetches the report's two stylesheets at once; the first request to a server
    # builds its table of static paths by parsing every addon's manifest, and two threads
    # parsing at the same time hit CPython 3.11's thread-unsafe AST validator ("SystemError:
    # AST constructor recursion depth mismatch"): one stylesheet fails, the PDF comes out
    # unstyled. Build that table here first.
    odoo.http.root.statics  # noqa: B018  pylint: disable=pointless-statement
    context = {"force_report_rendering": True, **({"lang": lang} if lang else {})}
    content, report_type = (
        case.env["ir.actions.report"].with_context(**context)._render_qweb_pdf(report, ids)
    )
    case.assertEqual(report_type, "pdf")
    case.assertTrue(content.startswith(b"%PDF"))
    keep_pdf(content, name)
    return content


def render_pdf_text(case, report, ids, name, lang=None):
    """:func:`render_pdf`, returning the PDF's normalised text."""
    return pdf_text(render_pdf(case, report, ids, name, lang))
