"""Text that Debian's wkhtmltopdf places right in right-to-left documents.

Its Qt WebKit misplaces a right-to-left line whose text run mixes Arabic letters with Latin
letters, digits or punctuation: the line is pushed past the end of its box or its words are
drawn over each other. Measured on a table cell (research in issue 16's note): "رسوم: توصيل
مياه" 20 pt to the right, "الشريحة 1" 28 pt, "تاريخ الإنجاز المتوقع: 10 أيام" 40 pt with two
words drawn over each other, "INV/2026/00001 الفاتورة" drawn over itself; "كهرباء منزلية، فاتورة"
overlaps when its words are split but not its comma. Each run of one kind (Arabic letters;
Latin letters and digits, with the ``. / - _ : ,`` inside a reference or a number; any other
signs) in an element of its own is placed right, and the spaces between words stay where a
line may wrap.
"""

import re

ARABIC_LETTERS = (
    "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufefc"
)
LATIN = "A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9"
PIECE = re.compile(
    rf"[{LATIN}](?:[{LATIN}./\-_:,]*[{LATIN}])?"  # a Latin word, a number, a reference
    rf"|[{ARABIC_LETTERS}]+"  # Arabic letters (with their vowel marks)
    rf"|[^\s{LATIN}{ARABIC_LETTERS}]+"  # other signs: punctuation, currency, brackets
)


def text_pieces(text):
    """`text` as its words, each the list of its pieces of one kind."""
    return [PIECE.findall(word) for word in (text or "").split()]
