"""The site: its URL scheme, the page plan's record and the templating that
the site and the email share (the rest of the site still lives in
``generator.render``, ``feeds``, ``sitemap``, ``search`` and ``output``)."""
