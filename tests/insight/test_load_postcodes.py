"""`fraudhub load-postcodes`: district centroids from an ONSPD-shaped file, live postcodes
only, council names from the names file, and a clear error for the wrong file."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fraudhub.insight.models import DistrictCentroid
from fraudhub.insight.postcodes import read_onspd

pytestmark = pytest.mark.django_db

# The real file has about 50 columns; these are the ones that matter, in ONSPD order.
ONSPD = """\
pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,lat,long
AL1 1AA,AL1  1AA,AL1 1AA,198001,,E10000015,E58000001,E07000240,E05012345,51.7500,-0.3300
AL1 1AB,AL1  1AB,AL1 1AB,198001,,E10000015,E58000001,E07000240,E05012345,51.7400,-0.3200
AL1 1AD,AL1  1AD,AL1 1AD,198001,200012,E10000015,E58000001,E07000240,E05012345,10.0000,10.0000
AL1 9ZZ,AL1  9ZZ,AL1 9ZZ,198001,,E10000015,E58000001,E07000240,E05012345,99.999999,0.000000
SG1 1AA,SG1  1AA,SG1 1AA,198001,,E10000015,E58000002,E07000243,E05099999,51.9000,-0.2000
SG1 1AB,SG1  1AB,SG1 1AB,198001,,E10000015,E58000002,E07000099,E05099999,51.9100,-0.2100
SG1 1AD,SG1  1AD,SG1 1AD,198001,,E10000015,E58000002,E07000243,E05099999,51.9200,-0.2200
"""
NAMES = """\
LAD23CD,LAD23NM,LAD23NMW
E07000240,St Albans,
E07000243,Stevenage,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_centroids_average_live_located_postcodes_per_district(tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "load_postcodes",
        str(_write(tmp_path, "ONSPD.csv", ONSPD)),
        names=str(_write(tmp_path, "names.csv", NAMES)),
        stdout=out,
    )
    al1 = DistrictCentroid.objects.get(code="AL1")
    assert (al1.latitude, al1.longitude, al1.postcodes) == (51.745, -0.325, 2)
    assert (al1.council, al1.council_code, al1.source) == ("St Albans", "E07000240", "onspd")
    sg1 = DistrictCentroid.objects.get(code="SG1")
    assert sg1.latitude == pytest.approx(51.91) and sg1.postcodes == 3
    assert sg1.council == "Stevenage"  # most of its postcodes, though one is elsewhere
    assert "7 postcodes: 5 live, 1 terminated and 1 without a location" in out.getvalue()
    assert "2 added, 0 updated" in out.getvalue()


def test_loading_again_updates_and_keeps_the_town(tmp_path: Path) -> None:
    DistrictCentroid.objects.create(
        code="AL1", town="St Albans", council="St Albans", latitude=1, longitude=1
    )
    out = StringIO()
    call_command("load_postcodes", str(_write(tmp_path, "ONSPD.csv", ONSPD)), stdout=out)
    al1 = DistrictCentroid.objects.get(code="AL1")
    assert (al1.town, al1.latitude) == ("St Albans", 51.745)
    assert al1.council == "St Albans"  # no names file: the name already held is kept
    assert DistrictCentroid.objects.get(code="SG1").council == "E07000243"
    assert "1 added, 1 updated" in out.getvalue()


def test_newer_releases_with_a_lad_column_and_a_byte_order_mark(tmp_path: Path) -> None:
    text = "\ufeffpcds,doterm,lad25cd,lat,long\nWD17 1AA,,E07000245,51.66,-0.40\n"
    call_command("load_postcodes", str(_write(tmp_path, "new.csv", text)), stdout=StringIO())
    assert DistrictCentroid.objects.get(code="WD17").council_code == "E07000245"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reference,name\nFH-1,Ann\n", 'no "pcds" or "lat" or "long" column'),
        ("", "The postcode file is empty"),
        ("pcds,lat,long\nAL1 1AA,north,-0.3\n", "Row 2 has no postcode or a latitude"),
        ("pcds,doterm,lat,long\nAL1 1AA,200001,51.7,-0.3\n", "No live postcodes"),
    ],
)
def test_a_wrong_file_gets_a_clear_error_and_loads_nothing(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("load_postcodes", str(_write(tmp_path, "wrong.csv", text)))
    assert not DistrictCentroid.objects.exists()


def test_a_missing_or_binary_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("load_postcodes", str(tmp_path / "nowhere.csv"))
    zipped = tmp_path / "ONSPD.zip"
    zipped.write_bytes(b"PK\x03\x04\xff\xfe\x00\x81binary")
    with pytest.raises(CommandError, match="not text in UTF-8"):
        call_command("load_postcodes", str(zipped))


def test_a_names_file_without_codes_and_names(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="code column and a name column"):
        call_command(
            "load_postcodes",
            str(_write(tmp_path, "ONSPD.csv", ONSPD)),
            names=str(_write(tmp_path, "names.csv", "a,b\n1,2\n")),
        )


def test_reading_streams_rows_and_keeps_one_total_per_district() -> None:
    def rows():  # type: ignore[no-untyped-def]
        yield "pcds,doterm,oslaua,lat,long\n"
        for n in range(20_000):
            yield f"AL{n % 3 + 1} {n % 10}AA,,E07000240,51.7,-0.3\n"

    result = read_onspd(rows())
    assert result.rows == 20_000 and set(result.districts) == {"AL1", "AL2", "AL3"}
