"""One article, read and briefed: reading (``content``, ``sources``, ``ingest``),
cleaning (``clean``), the components that read the annotated document
(``summarise``, ``entities``, ``dates``, ``topics``, ``events``, ``eventline``,
``relevance``, ``english``), the stage that runs them (``brief``) and the
store that keeps each brief between builds (``store``)."""
