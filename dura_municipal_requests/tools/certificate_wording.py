"""A service's certificate wording: HTML whose only dynamic parts are placeholders.

A placeholder is Odoo's own mail-template form, ``<t t-out="object.partner_id.name"/>`` (what the
editor's *Dynamic Placeholder* command inserts), optionally with a default text inside; it is
rendered by `mail.render.mixin` without evaluating any code as long as its expression is one the
model allows. ``{{ object.partner_id.name }}`` typed in the text is accepted as a shorthand and
turned into that form when saved. Nothing else dynamic is allowed (no ``t-if``, ``t-att-*``,
``t-esc``, nested markup inside a placeholder): checked here before saving, and again before
printing, so that a certificate never shows a half-rendered template.
"""

import math
import re

from lxml import etree, html
from PIL import ImageFont

SHORTHAND = re.compile(r"\{\{\s*(object(?:\.\w+)+)\s*\}\}")
LEFTOVER = re.compile(r"\{\{.*?\}\}|\{\{|\}\}")

# problem kinds (the model words them in the user's language)
UNKNOWN = "unknown"  # an expression that is not one of the allowed placeholders
DIRECTIVE = "directive"  # a QWeb directive other than t-out
NOT_ALONE = "not_alone"  # a t-out element with other attributes or markup inside
SHORTHAND_LEFT = "shorthand"  # a {{ ... }} that is not a field path of the request
MALFORMED = "malformed"  # not parseable as HTML


def normalize(wording):
    """`wording` with each ``{{ object.path }}`` turned into ``<t t-out="object.path"/>``."""
    if not wording:
        return wording
    return SHORTHAND.sub(lambda match: f'<t t-out="{match[1]}"></t>', str(wording))


def problems(wording, allowed):
    """The problems of `wording` as a list of ``(kind, detail)``, empty when it can be printed
    with the expressions in `allowed` as its only dynamic parts."""
    if not wording or not str(wording).strip():
        return []
    try:
        root = html.fragment_fromstring(str(wording), create_parent="div")
    except (etree.ParserError, ValueError) as error:
        return [(MALFORMED, str(error))]
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        directives = [name for name in element.attrib if name.startswith("t-")]
        if not directives:
            continue
        if directives != ["t-out"]:
            found += [(DIRECTIVE, name) for name in directives if name != "t-out"]
            continue
        expression = element.attrib["t-out"].strip()
        if expression not in allowed:
            found.append((UNKNOWN, expression))
        elif len(element) or len(element.attrib) > 1:
            found.append((NOT_ALONE, expression))
    text = " ".join(root.itertext())
    found += [(SHORTHAND_LEFT, match[0]) for match in LEFTOVER.finditer(text)]
    return found


# elements that stay inside a line; any other element is a paragraph of its own
INLINE_TAGS = frozenset(
    ("a", "b", "em", "font", "i", "s", "small", "span", "strong", "sub", "sup", "t", "u")
)
# a left-to-right run inside Arabic text: Latin letters and digits, with the punctuation between
# them (a tracking number DR-2026-00015, a date 02/12/2026, a national ID)
LTR_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,:/_@-]*[A-Za-z0-9])?")
BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")
GAP = "0.25em"  # the space between two words that fall in different cells
SLACK = 1.1  # a cell is that much wider than the text `measure` gives, plus 2 pixels
BRACKETS = frozenset("()[]{}«»")
BRACKET_ROOM = "0.3em"


def dejavu_measure(size):
    """A function giving the width in pixels of a text in DejaVu Sans (bold or not) at `size`
    pixels, shaped as the PDF draws it (Pillow with raqm); None without the font."""
    try:
        fonts = {
            False: ImageFont.truetype("DejaVuSans.ttf", size),
            True: ImageFont.truetype("DejaVuSans-Bold.ttf", size),
        }
    except OSError:
        return None
    return lambda text, bold: fonts[bold].getlength(text)


def rtl_lines(markup, max_chars, measure=None):
    """`markup` (right-to-left paragraphs) laid out for Debian's wkhtmltopdf: each paragraph cut
    into lines of at most `max_chars` characters (a longer word gets a line of its own), each
    line a one-row table whose cells hold one run of one direction.

    That renderer (unpatched Qt) cannot lay out right-to-left text itself: a long Arabic
    paragraph is drawn as one line off both edges of the page, and in a line that mixes Arabic
    with digits or Latin (a national ID, a tracking number) the runs are drawn over each other.
    Short lines and one run per table cell -- as the reports' tables already do -- are drawn
    right, once each cell has the width its text really takes (`measure(text, bold)`, in
    pixels): the renderer measures Arabic runs shorter than it draws them. Inline formatting
    (bold, ...) is kept.
    """
    root = html.fragment_fromstring(str(markup), create_parent="div")
    result = html.fragment_fromstring("<div></div>")
    pending = []  # words outside any paragraph: a paragraph of their own
    for node in _top_level(root):
        if isinstance(node, str) or node.tag in INLINE_TAGS or node.tag == "br":
            pending.append(node)
            continue
        if pending:
            _append_paragraph(result, {}, pending, max_chars, measure)
            pending = []
        if isinstance(node.tag, str):  # not a comment
            _append_paragraph(
                result, dict(node.attrib), [node.text or "", *node], max_chars, measure
            )
    if pending:
        _append_paragraph(result, {}, pending, max_chars, measure)
    return "".join(etree.tostring(child, encoding="unicode", method="html") for child in result)


def _top_level(root):
    if root.text:
        yield root.text
    for child in root:
        tail, child.tail = child.tail, None
        yield child
        if tail:
            yield tail


def _append_paragraph(result, attrib, content, max_chars, measure):
    tokens = []
    for part in content:
        _tokens(part, (), tokens)
    lines = _break(tokens, max_chars)
    if not lines:
        return
    # a div, not a p: a paragraph cannot hold tables
    style = attrib.pop("style", "").strip().rstrip(";")
    paragraph = html.Element("div", attrib)
    paragraph.set(
        "style", f"{style}; margin-bottom: 0.75rem;" if style else "margin-bottom: 0.75rem;"
    )
    for line in lines:
        runs = _runs(line)
        table = etree.SubElement(
            paragraph, "table", dir="rtl", style="margin: 0 auto; border-collapse: collapse;"
        )
        row = etree.SubElement(table, "tr")
        widths, pads = [], []
        for text, formats, direction, gap in runs:
            # a bracket next to a cell's edge is drawn past it: room for it
            right = [GAP] * gap + [BRACKET_ROOM] * (text[:1] in BRACKETS)
            left = [BRACKET_ROOM] * (text[-1:] in BRACKETS)
            pads += right + left
            # centred in its cell: the renderer draws a text a little wider than it is, and
            # positions right-to-left text in a cell unreliably otherwise
            style = (
                "white-space: nowrap; border: 0; text-align: center; "
                f"padding: 0 {_length(right)} 0 {_length(left)};"
            )
            if measure:
                bold = any(tag in ("b", "strong") for tag, _attrib in formats)
                # wider than the text: the renderer draws text a little wider than it is
                widths.append(math.ceil(measure(text, bold) * SLACK) + 2)
                style += f" width: {widths[-1]}px;"
            cell = etree.SubElement(row, "td", style=style)
            if direction == "ltr":
                cell.set("dir", "ltr")
            _fill(cell, text, formats)
        if measure:
            table.set(
                "style",
                "margin: 0 auto; border-collapse: collapse; table-layout: fixed; "
                f"width: {_length([f'{sum(widths)}px', *pads])};",
            )
    result.append(paragraph)


def _length(parts):
    """The CSS length that adds up `parts`."""
    if len(parts) > 1:
        return f"calc({' + '.join(parts)})"
    return parts[0] if parts else "0"


def _tokens(part, formats, tokens):
    """Append the words of `part` (a text or an element) as ``[text, formats, space_before]``;
    a ``None`` text is a forced line break."""
    if isinstance(part, str):
        _text_tokens(part, formats, tokens)
        return
    if not isinstance(part.tag, str):  # a comment: only its tail counts
        _text_tokens(part.tail or "", formats, tokens)
        return
    if part.tag == "br":
        tokens.append([None, formats, False])
    else:
        inner = formats if part.tag == "t" else (*formats, (part.tag, tuple(part.attrib.items())))
        _text_tokens(part.text or "", inner, tokens)
        for child in part:
            _tokens(child, inner, tokens)
    _text_tokens(part.tail or "", formats, tokens)


def _text_tokens(text, formats, tokens):
    space = text[:1].isspace()
    # a no-break space (in a date) does not separate words
    for word in BREAKING_SPACE.split(text.strip(" \t\n\r\f\v")):
        if not word:
            continue
        tokens.append([word, formats, space or not tokens or tokens[-1][0] in (None, "")])
        space = True
    if text[-1:].isspace() and tokens:
        tokens.append(["", formats, True])  # a trailing space before the next element


def _break(tokens, max_chars):
    """Greedy line breaking of the tokens into lines (lists of tokens)."""
    # glue the tokens written without a space between them (a bold name and its comma)
    words = []
    for token in tokens:
        if token[0] is None:
            words.append(None)
        elif token[0] == "":
            continue
        elif words and words[-1] is not None and not token[2]:
            words[-1].append(token)
        else:
            words.append([token])
    lines, line, length = [], [], 0
    for word in words:
        if word is None:
            lines.append(line)
            line, length = [], 0
            continue
        size = sum(len(token[0]) for token in word)
        if line and length + 1 + size > max_chars:
            lines.append(line)
            line, length = [], 0
        length += size + (1 if line else 0)
        line.extend(word)
    lines.append(line)
    return [line for line in lines if line]


def _runs(line):
    """The runs of `line` in reading order, as ``(text, formats, direction, gap)``: the
    longest pieces of one direction and one formatting; `gap` when a space precedes it."""
    runs = []
    for position, (word, formats, space_before) in enumerate(line):
        pieces, last = [], 0
        for match in LTR_RUN.finditer(word):
            if match.start() > last:
                pieces.append((word[last : match.start()], "rtl"))
            pieces.append((match[0], "ltr"))
            last = match.end()
        if last < len(word):
            pieces.append((word[last:], "rtl"))
        for index, (text, direction) in enumerate(pieces):
            spaced = bool(position and space_before and not index)
            if runs and runs[-1][1] == formats and runs[-1][2] == direction:
                runs[-1][0] += f" {text}" if spaced else text
            else:
                runs.append([text, formats, direction, spaced])
    return [tuple(run) for run in runs]


def _fill(cell, text, formats):
    if not formats:
        cell.text = text
        return
    parent = cell
    for tag, attrib in formats:
        parent = etree.SubElement(parent, tag, dict(attrib))
    parent.text = text
