"""Turn a rendered PDF into text (to compare) and pictures (to look at)."""

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata

# bidi embedding/override/isolate marks pdftotext puts around right-to-left runs
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
POPPLER_MISSING = (
    "poppler-utils (pdftotext, pdftoppm) is not installed: the PDF tests read the reports back "
    "with it. Run 'make setup', which installs it."
)


def require_poppler(case):
    """Fail -- not skip -- the test `case` when poppler is missing: a PDF test that skips
    quietly proves nothing about the documents citizens hold."""
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        case.fail(POPPLER_MISSING)


def pdf_text(content):
    """The PDF's text, NFKC-normalised (wkhtmltopdf writes Arabic presentation forms)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    return BIDI_MARKS.sub("", unicodedata.normalize("NFKC", text))


def pdf_pages(content):
    """Number of pages of the PDF."""
    return content.count(b"/Type /Page\n") or content.count(b"/Type/Page") or 1


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
        ["pdftoppm", "-png", "-r", "80", path, os.path.join(out, name)],
        check=True,
        capture_output=True,
    )


def render_pdf_text(case, report, ids, name, lang=None):
    """Render `report` for `ids` through wkhtmltopdf in an HttpCase `case` (its server serves
    the report's assets), keep a copy, and return the PDF's normalised text."""
    require_poppler(case)
    case.env["ir.config_parameter"].sudo().set_param("report.url", case.base_url())
    context = {"force_report_rendering": True, **({"lang": lang} if lang else {})}
    content, report_type = (
        case.env["ir.actions.report"].with_context(**context)._render_qweb_pdf(report, ids)
    )
    case.assertEqual(report_type, "pdf")
    case.assertTrue(content.startswith(b"%PDF"))
    keep_pdf(content, name)
    return pdf_text(content)
