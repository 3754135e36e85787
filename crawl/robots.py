"""robots.txt, fetched once per host and run, read with the standard library's parser.

A host whose robots.txt is missing (4xx) allows everything; one that cannot be read (5xx, timeout, refused)
allows everything too, with a log line, since a feed the user configured names pages they asked for.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

log = logging.getLogger("crawl.robots")
MAX_ROBOTS_BYTES = 512_000


def parse_robots(text: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


def _agent(user_agent: str) -> str:
    """The product token robots.txt groups match on ('infradeals' of 'infradeals/0.1 (+...)')."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


class RobotsCache:
    """Per-host robots.txt rules for one run (each host's file is fetched at most once)."""

    def __init__(self, user_agent: str) -> None:
        self.agent = _agent(user_agent)
        self._rules: dict[str, RobotFileParser | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, client: httpx.AsyncClient, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._fetch(client, origin)
        rules = self._rules[origin]
        return True if rules is None else rules.can_fetch(self.agent, url)

    async def _fetch(self, client: httpx.AsyncClient, origin: str) -> RobotFileParser | None:
        url = f"{origin}/robots.txt"
        try:
            async with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    if resp.status_code >= 500:
                        log.info(
                            "robots.txt of %s answered HTTP %s: every page allowed", origin, resp.status_code
                        )
                    return None
                body = bytearray()
                async for chunk in resp.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_ROBOTS_BYTES:
                        break
        except httpx.HTTPError as exc:
            log.info("robots.txt of %s unreadable (%s): every page allowed", origin, type(exc).__name__)
            return None
        return parse_robots(bytes(body[:MAX_ROBOTS_BYTES]).decode("utf-8", errors="replace"))
