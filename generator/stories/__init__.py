"""Many briefs: reports of one event become a story, stories over days a
thread (``cluster``, with ``concepts`` for the common ground of Arabic and
English reports), and the day's digest (``assemble``) with the analyst's
notes (``notes``)."""
