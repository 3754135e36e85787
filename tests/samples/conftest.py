"""Sample-newsroom server fixtures: the crawl tests' tiny newsroom on disk, served on 127.0.0.1."""

from tests.crawl.conftest import crawl_newsroom_server

__all__ = ["crawl_newsroom_server"]
