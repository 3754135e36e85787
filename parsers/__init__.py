"""Pure parsers: feed, sitemap, listing and article bytes in, typed records out. No I/O."""
