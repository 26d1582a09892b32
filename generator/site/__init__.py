"""The static site: the URL scheme (``urls``), the one template environment
and error reporter shared with email (``templating``), pages (``render``,
``page``), feeds, sitemap, search, indexes, the map, fonts, and staged writing
(``output``)."""
