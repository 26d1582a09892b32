"""The Arabic text layer, read once per article: folding, sentences, the clitic
table and letter classes (``arabic``), tokens with spans, keys and clitic
readings (``tokens``), the lexicon of people, organisations and places and its
matcher (``gazetteer``), the annotated document every brief component reads
(``document``) and the one TF-IDF (``textsim``).  It imports nothing above
the base modules (docs/architecture.md)."""
