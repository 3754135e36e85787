import pytest

from extractors.nlp.power import parse_power


@pytest.mark.parametrize(
    ("surface", "mw"),
    [
        ("750 MW", 750),
        ("1.2GW", 1200),
        ("1.2 GW", 1200),
        ("200 megawatts", 200),
        ("4.5 gigawatts", 4500),
        ("one gigawatt", 1000),
        ("a gigawatt", 1000),
        ("6-gigawatt", 6000),
        ("1,121-megawatt", 1121),
    ],
)
def test_units_normalised_to_megawatts(surface: str, mw: float) -> None:
    p = parse_power(surface)
    assert p is not None and p.mw == pytest.approx(mw)


def test_ranges_keep_both_ends() -> None:
    for surface in ("1-2 GW", "between 1 and 2 gigawatts", "1 GW to 2 GW"):
        p = parse_power(surface)
        assert p is not None and (p.mw, p.mw_high) == (1000, 2000)


def test_it_load_versus_facility_power() -> None:
    it = parse_power("200 MW", after=" of critical IT load")
    it_before = parse_power("300 MW", before="a critical IT load of ")
    facility = parse_power("1.5 GW", after=" of facility power")
    plain = parse_power("750 MW", after=" of capacity")
    assert it is not None and it.basis == "it"
    assert it_before is not None and it_before.basis == "it"
    assert facility is not None and facility.basis == "facility"
    assert plain is not None and plain.basis is None


def test_lowercase_it_is_not_it_power() -> None:
    p = parse_power("500 MW", after=" and it will come online in 2027")
    assert p is not None and p.basis is None


def test_qualifiers() -> None:
    up = parse_power("750 MW", before="up to ")
    over = parse_power("1 GW", before="well over ")
    assert up is not None and up.qualifier == "up_to"
    assert over is not None and over.qualifier == "over"


def test_not_a_power_unit() -> None:
    assert parse_power("500 million") is None


@pytest.mark.parametrize("surface", ["-1MW", "−200 MW", "minus 1.2 GW", "negative 5 megawatts"])
def test_negative_power_is_refused(surface: str) -> None:
    assert parse_power(surface) is None


def test_power_too_large_for_a_float_is_refused() -> None:
    assert parse_power("9" * 400 + " GW") is None
    assert parse_power("9" * 306 + " GW") is None  # finite in GW, infinite in MW
