"""Free text for the PDFs: Debian's wkhtmltopdf draws an Arabic line that carries numbers or
Latin words with its runs over one another. Cut each line into runs of words of one
direction, to be printed each in its own isolated span: Arabic words (their letters join
across the spaces) apart from numbers and Latin words."""

import re

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def runs(line):
    """The runs of `line`: ``"مساعدة بقيمة 500 شيكل"`` gives ``["مساعدة بقيمة", "500",
    "شيكل"]``."""
    result = []
    for word in line.split():
        arabic = bool(_ARABIC.search(word)) and not any(char.isdigit() for char in word)
        if result and result[-1][0] == arabic:
            result[-1][1].append(word)
        else:
            result.append((arabic, [word]))
    return [" ".join(words) for _arabic, words in result]


def lines(text):
    """The runs of each non-empty line of `text`."""
    return [runs(line) for line in (text or "").splitlines() if line.strip()]
