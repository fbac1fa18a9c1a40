"""The language a public page (certificate verification, request status) is shown in."""

DEFAULT_LANG = "ar_001"
FALLBACK_LANG = "en_US"


def _base(code):
    return code.replace("-", "_").split("_")[0].lower()


def choose_lang(installed, wanted=(), default=DEFAULT_LANG):
    """The installed language code to show a public page in.

    `installed`: the installed language codes; `wanted`: what the visitor asked for, most
    wanted first (a ``?lang=`` parameter, the browser's language), empty entries ignored. The
    first wanted language that is installed wins; else an installed language of the same family
    (``en`` or ``en_GB`` -> ``en_US``, ``ar`` -> ``ar_001``), `default` first among them. Nothing
    wanted or nothing matching: `default` (Arabic) if installed, else English, else the first
    installed one.
    """
    installed = list(installed)
    for code in filter(None, wanted):
        if code in installed:
            return code
        family = [lang for lang in installed if _base(lang) == _base(code)]
        if family:
            return default if default in family else family[0]
    for code in (default, FALLBACK_LANG):
        if code in installed:
            return code
    return installed[0] if installed else FALLBACK_LANG
