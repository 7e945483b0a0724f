"""Korean formats for anything Django formats itself (a date or time printed without
the council_dates filters, the admin): the same style as lib.dates —
`2026. 11. 30.` and 24-hour `19:12`, never `2026년 11월 30일` or `오후 7:12`.
"""

DATE_FORMAT = "Y. n. j."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y. n. j. H:i"
YEAR_MONTH_FORMAT = "Y. n."
MONTH_DAY_FORMAT = "n. j."
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
