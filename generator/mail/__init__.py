"""The emailed digest: composing it from the site's templates (``compose``)
and sending it once per reader (``smtp``)."""
