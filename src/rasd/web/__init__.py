"""The analyst's workbench: a local web application on the store (``rasd serve``).

``create_app(WebConfig(db=...))`` builds it; ``docs/web.md`` describes the pages and URLs.
"""

from rasd.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
