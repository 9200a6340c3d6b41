"""The one latitude/longitude parser (npms/coordinates.py): its edges."""

import pytest

from npms.coordinates import CoordinateError, NotANumber, OutOfRange, lat_lng, parse_lat_lng


@pytest.mark.parametrize(
    "text, expected",
    [
        ("52.6389,-1.13619", (52.6389, -1.13619)),
        (" 52.2053 , 0.1218 ", (52.2053, 0.1218)),
        ("90,180", (90.0, 180.0)),  # the bounds are in range
        ("-90,-180", (-90.0, -180.0)),
        ("+1.,.5", (1.0, 0.5)),
        ("0,0", (0.0, 0.0)),
    ],
)
def test_parses(text, expected):
    assert parse_lat_lng(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "52.0",
        "52.0,-1.0,3",
        "north,west",
        "nan,1",
        "1,inf",
        "-inf,0",
        "1e1,0",
        "1_0,0",
        "52.0;-1.0",
        ",",
    ],
)
def test_refuses_what_is_not_two_decimal_numbers(text):
    with pytest.raises(NotANumber):
        parse_lat_lng(text)


@pytest.mark.parametrize("text", ["90.0001,0", "-90.5,0", "0,180.5", "0,-181", "95,200"])
def test_refuses_out_of_range(text):
    with pytest.raises(OutOfRange, match="between -90 and 90"):
        parse_lat_lng(text)


def test_errors_are_value_errors_with_a_message_to_show():
    with pytest.raises(ValueError, match=r"LATITUDE,LONGITUDE, e\.g\. 52\.6389,-1\.13619"):
        parse_lat_lng("somewhere")
    assert issubclass(NotANumber, CoordinateError) and issubclass(OutOfRange, CoordinateError)


def test_numbers_as_well_as_strings():
    assert lat_lng(52, -1.5) == (52.0, -1.5)
    assert lat_lng("52.1", -1) == (52.1, -1.0)
    for bad in [(float("nan"), 0), (0, float("inf")), (True, 0), (None, 0), ([1], 0)]:
        with pytest.raises(NotANumber):
            lat_lng(*bad)
    with pytest.raises(OutOfRange):
        lat_lng(0, 200)
