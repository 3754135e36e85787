"""The alias registry: canonical organisations, their aliases and kinds (extractors/data/aliases.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ConfigError
from core.ids import make_id
from extractors.nlp.vocab import DATA_DIR, read_yaml

# Supply-chain order: a lower tier delivers to a higher one, so the higher tier is the buyer.
TIERS: dict[str, float] = {
    "utility": 0, "chipmaker": 1, "oem": 1.5, "developer": 1.8, "neocloud": 2,
    "cloud": 3, "lab": 4, "other": 5, "investor": 5,
}  # fmt: skip
UNKNOWN_TIER = 4.5
_CORP_SUFFIX = re.compile(r"[,\s]+(?:Inc|Corp|Corporation|Ltd|Limited|LLC|PLC|plc|Co|N\.V|S\.A|AG|SE)\.?$")


@dataclass(frozen=True)
class Org:
    name: str
    org_id: str
    kinds: tuple[str, ...] = ()
    known: bool = True

    @property
    def tier(self) -> float:
        return TIERS.get(self.kinds[0], UNKNOWN_TIER) if self.kinds else UNKNOWN_TIER


def org_id_for(name: str) -> str:
    return make_id("org", name)


class AliasRegistry:
    """Canonical organisations and the surfaces that name them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.orgs: dict[str, Org] = {}
        self.aliases: dict[str, str] = {}
        self.descriptors: dict[str, str] = {}
        for entry in data.get("organisations", []):
            self._add(entry)
        self.kind_descriptors: dict[str, str] = {
            str(p).lower(): str(kind)
            for kind, ps in (data.get("descriptors_by_kind") or {}).items()
            for p in ps
        }
        self.not_orgs: set[str] = {str(w).lower() for w in data.get("not_organisations", [])}
        self.products: list[str] = [str(p) for p in data.get("products", [])]
        self.not_short: set[str] = {str(w).lower() for w in data.get("not_short_names", [])}
        self._folded = {a.lower(): n for a, n in self.aliases.items() if len(a) > 3}

    def _add(self, entry: dict[str, Any]) -> None:
        try:
            name = str(entry["name"])
            kinds = tuple(str(k) for k in entry.get("kinds", ["other"]))
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"aliases.yml: an organisation entry needs a name ({entry!r})") from exc
        if name in self.orgs:
            raise ConfigError(f"aliases.yml: {name} is listed twice")
        self.orgs[name] = Org(name=name, org_id=org_id_for(name), kinds=kinds)
        for alias in entry.get("aliases") or []:
            for form in {str(alias), str(alias).upper() if len(str(alias)) >= 4 else str(alias)}:
                self.aliases.setdefault(form, name)
        for phrase in entry.get("descriptors") or []:
            self.descriptors[str(phrase).lower()] = name

    @classmethod
    def from_file(cls, path: Path) -> AliasRegistry:
        return cls(read_yaml(path))

    def resolve(self, surface: str) -> Org | None:
        """The canonical organisation an alias or descriptor names; None when the registry does not know it."""
        text = _clean(surface)
        name = self.aliases.get(text) or self.descriptors.get(text.lower()) or self._folded.get(text.lower())
        return self.orgs[name] if name else None

    def unknown(self, surface: str) -> Org | None:
        """An organisation the registry does not know, with a stable id; None for words that are never orgs."""
        text = _CORP_SUFFIX.sub("", _clean(surface)).strip(" ,.")
        if not self.plausible(text):
            return None
        return Org(name=text, org_id=org_id_for(text), kinds=(), known=False)

    def plausible(self, text: str) -> bool:
        if len(text) < 2 or text.lower() in self.not_orgs or not text[0].isupper():
            return False
        if any(w.lower() in self.not_orgs for w in text.split()) and len(text.split()) <= 2:
            return False
        return not re.fullmatch(r"[\d\W]+|[A-Z]{1,2}\d*|.*\d{3,}.*", text)

    def by_name(self, name: str) -> Org | None:
        return self.orgs.get(name)

    def alias_rows(self) -> list[dict[str, str]]:
        """One row per (organisation, alias), for the warehouse's alias table: org_id, name, kinds, alias."""
        rows = [
            {
                "org_id": self.orgs[name].org_id,
                "name": name,
                "kinds": ",".join(self.orgs[name].kinds),
                "alias": alias,
            }
            for alias, name in sorted(self.aliases.items())
        ]
        rows += [
            {
                "org_id": self.orgs[name].org_id,
                "name": name,
                "kinds": ",".join(self.orgs[name].kinds),
                "alias": phrase,
            }
            for phrase, name in sorted(self.descriptors.items())
        ]
        return rows


def _clean(surface: str) -> str:
    text = re.sub(r"\s+", " ", surface).strip()
    text = re.sub(r"(?:'s|’s|')$", "", text)
    return re.sub(r"^(?:the|The)\s+(?=[A-Z])", "", text)


@lru_cache(maxsize=1)
def default_registry() -> AliasRegistry:
    return AliasRegistry.from_file(DATA_DIR / "aliases.yml")
