"""briefing: a static bilingual (Arabic/English) briefing-site generator."""

__version__ = "0.1.0"
