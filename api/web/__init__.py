"""The web console's labels (``i18n``), templates and static files; the pages are served by ``api.routes.web``."""
