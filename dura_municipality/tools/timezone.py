"""The municipality's clock: what the suite falls back to when neither the context, the user nor
the company's contact names a time zone (Palestine keeps one time zone, Hebron's)."""

DEFAULT_TZ = "Asia/Hebron"
