"""Flow parameters as pydantic models: the Prefect UI renders them as typed forms with descriptions.

Date defaults are computed when a run starts (in validators and methods), never frozen when a deployment is
created: an empty date stays empty in the deployment and is resolved against today's date (UTC) at run time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

# Optional values shown in the UI as a plain date picker / text box (not a "value or None" switch); an empty
# field is simply left out of the run's parameters.
OptionalDay = Annotated[date | None, WithJsonSchema({"type": "string", "format": "date"})]
OptionalText = Annotated[str | None, WithJsonSchema({"type": "string"})]

DEFAULT_WINDOW_DAYS = 7


def _no_default(schema: dict[str, Any]) -> None:
    """An empty optional field shows no `default: null` in the form (the UI would send the null, which the
    schema's plain string type refuses)."""
    schema.pop("default", None)


def today_utc() -> date:
    return datetime.now(UTC).date()


class _Form(BaseModel):
    """A flow parameter model shown as a UI form: empty fields are left out when serialised, not sent as null,
    so the form's defaults pass the schema check."""

    model_config = ConfigDict(extra="forbid")

    @model_serializer(mode="wrap")
    def _omit_empty(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v is not None}


class NightlyParams(_Form):
    """Parameters of the nightly ingestion."""

    sources_file: OptionalText = Field(
        default=None,
        json_schema_extra=_no_default,
        description=(
            "Sources YAML file. Empty: INFRADEALS_SOURCES_FILE, else the bundled sample newsroom (served on"
            " 127.0.0.1 for the run; only that file starts the sample server)."
        ),
    )
    as_of: OptionalDay = Field(
        default=None,
        json_schema_extra=_no_default,
        description="Sample newsroom only: serve the site as it was on this day. Empty: newest.",
    )
    since: OptionalDay = Field(
        default=None, json_schema_extra=_no_default, description="Only items published on or after this day."
    )
    until: OptionalDay = Field(
        default=None, json_schema_extra=_no_default, description="Only items published on or before this day."
    )
    force_refetch: bool = Field(
        default=False, description="Ignore ETag / Last-Modified and fetch every item."
    )
    db_path: OptionalText = Field(
        default=None,
        json_schema_extra=_no_default,
        description="DuckDB warehouse file. Empty: the configured default.",
    )

    @model_validator(mode="after")
    def _window(self) -> NightlyParams:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class BackfillParams(_Form):
    """A backfill over a window of published days: each day is a partition; days already done are skipped
    when the same window runs again, failed ones are retried."""

    model_config = ConfigDict(extra="forbid", title="Backfill window")

    start_date: OptionalDay = Field(
        default=None,
        json_schema_extra=_no_default,
        title="Start date",
        description="First published day of the window. Empty: 6 days before the end date (a 7-day window).",
    )
    end_date: OptionalDay = Field(
        default=None,
        json_schema_extra=_no_default,
        title="End date",
        description="Last published day of the window, inclusive; today or earlier. Empty: yesterday (UTC).",
    )
    sources: list[str] = Field(
        default_factory=list,
        title="Sources",
        description="Names of the sources to walk back (as in the sources file). Empty: every source.",
    )
    sources_file: OptionalText = Field(
        default=None,
        json_schema_extra=_no_default,
        title="Sources file",
        description="Sources YAML on the worker. Empty: INFRADEALS_SOURCES_FILE, else the bundled sample newsroom.",
    )
    force_refetch: bool = Field(
        default=False,
        title="Force refetch",
        description="Redo days already done and fetch every item again, ignoring ETag / Last-Modified.",
    )
    reextract_only: bool = Field(
        default=False,
        title="Re-extract only",
        description="Fetch nothing: extract the stored documents published in the window again.",
    )

    @model_validator(mode="after")
    def _check(self) -> BackfillParams:
        self.window()
        if self.force_refetch and self.reextract_only:
            raise ValueError(
                "choose force_refetch or reextract_only, not both: re-extraction fetches nothing"
            )
        return self

    def window(self, today: date | None = None) -> tuple[date, date]:
        """(start, end), empty ones resolved against `today` (default: today UTC); ValueError when invalid."""
        today = today or today_utc()
        end = self.end_date or today - timedelta(days=1)
        start = self.start_date or end - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
        if start > end:
            raise ValueError(
                f"start_date {start} is after end_date {end}: choose a start on or before the end"
            )
        if end > today:
            raise ValueError(
                f"end_date {end} is in the future (today is {today} UTC): choose today or earlier"
            )
        return start, end

    def days(self, today: date | None = None) -> list[date]:
        """Every day of the window, oldest first."""
        start, end = self.window(today)
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class ReextractParams(_Form):
    """Run the current extractor again over stored documents (after a rule change); nothing is fetched."""

    since: OptionalDay = Field(
        default=None,
        json_schema_extra=_no_default,
        description="Only documents published on or after this day. Empty: every stored document.",
    )
