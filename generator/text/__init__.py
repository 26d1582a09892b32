"""The Arabic text layer: tokens with their spans, normalised keys and clitic
readings (``tokens``), and the annotated document every extractor of the
brief stage reads (``document``): an article's sentences are tokenised,
normalised and matched against the lexicons once."""
