"""Importing a seized scammers' target list: one call per person in the county, known
victims found and triaged as repeat targets, the same file never imported twice."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fraudhub.casework import target_lists
from fraudhub.casework.demo import SEIZED_STRANGERS, seized_list
from fraudhub.casework.models import Case, ProactiveCall, TargetList, TargetListEntry
from fraudhub.casework.services import triage_reports
from fraudhub.casework.target_lists import county_of, file_hash, import_target_list, match_known
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.people import prepare_person
from fraudhub.linking.persons.lists import PersonRow, UnreadablePersonList
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report

pytestmark = pytest.mark.django_db

HEADER = "id,given_name,surname,date_of_birth,address_line1,town,postcode,phone,email\n"
SOURCE = "Seized by Trading Standards from a mailing house, Operation Heron"


def _write(tmp_path: Path, body: str, *, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def _known_case() -> Case:
    """Margaret Hughes, 78, AL1 3EJ, 01727 123456: level 2 (older, lost money)."""
    created = make_report()
    return triage_reports(report_ids=[created.report.pk])[0]


def test_rows_of_one_person_become_one_call(hub_org, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "A1,Margaret,Hughes,03/02/1948,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n"
        "A2,Peggy,Hughes,1948-02-03,12 Mill Lane,St Albans,al13ej,01727123456,\n"
        "A3,John,Smith,19400101,1 High St,Stevenage,SG1 1AA,01438 000111,\n",
    )
    summary = import_target_list(path=path, source=SOURCE)
    assert (summary.rows, summary.people, summary.calls_created) == (3, 2, 2)
    margaret = ProactiveCall.objects.get(name="Margaret Hughes")
    assert sorted(margaret.entries.values_list("row_id", flat=True)) == ["A1", "A2"]
    peggy = TargetListEntry.objects.get(row_id="A2")
    assert peggy.values["given_name"] == "Peggy"  # kept as typed
    assert peggy.values["postcode"] == "al13ej"
    assert ProactiveCall.objects.filter(case__isnull=True).count() == 2


def test_known_victim_is_a_repeat_target_at_level_1_with_the_reason(
    hub_org, tmp_path: Path
) -> None:
    case = _known_case()
    assert case.level == 2
    path = _write(tmp_path, "S-17,Peggy,HUGHES,,3 Any Road,St Albans,AL1 3EJ,+44 1727 123456,\n")
    summary = import_target_list(path=path, source=SOURCE)
    assert summary.known_victims == 1
    case.refresh_from_db()
    assert case.level == 1
    assert "On a seized scammers' target list" in case.triage_reasons
    assert case.events.filter(text__contains="Operation Heron").exists()
    entry = TargetListEntry.objects.get(row_id="S-17")
    assert entry.case == case
    assert entry.match_score is not None and entry.match_score >= Decimal("0.75")
    assert "Same phone number" in entry.match_reasons
    call = ProactiveCall.objects.get()
    assert call.case == case


def test_closed_case_of_a_known_victim_is_noted_not_reopened(hub_org, tmp_path: Path) -> None:
    case = _known_case()
    Case.objects.filter(pk=case.pk).update(state="closed", closure_reason="support_complete")
    path = _write(tmp_path, "K1,Margaret,Hughes,,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n")
    import_target_list(path=path, source=SOURCE)
    case.refresh_from_db()
    assert (case.state, case.level) == ("closed", 2)
    assert case.events.filter(text__startswith="On a seized scammers' target list").exists()
    assert ProactiveCall.objects.get().case == case


def test_known_victim_with_an_apostrophe_and_accent_in_the_surname_is_found(
    hub_org, tmp_path: Path
) -> None:
    victim = PersonInput(first_name="Siân", last_name="O'Brien", postcode="SG13 7AA")
    case = triage_reports(report_ids=[make_report(victim=victim).report.pk])[0]
    path = _write(tmp_path, "A1,Sian,O'Brien,,1 Mill Rd,Hertford,SG13 7AA,,\n")
    assert import_target_list(path=path, source=SOURCE).known_victims == 1
    assert TargetListEntry.objects.get().case == case


def test_same_name_but_a_different_date_of_birth_is_not_the_known_victim(
    hub_org, tmp_path: Path
) -> None:
    created = make_report()
    victim = created.report.victim
    assert victim is not None
    victim.date_of_birth = "1948-02-03"
    victim.save()
    case = triage_reports(report_ids=[created.report.pk])[0]
    path = _write(tmp_path, "B1,Margaret,Hughes,1975-06-01,12 Mill Lane,St Albans,AL1 3EJ,,\n")
    summary = import_target_list(path=path, source=SOURCE)
    assert summary.known_victims == 0
    case.refresh_from_db()
    assert "On a seized scammers' target list" not in case.triage_reasons


def test_county_rule_in_outside_and_not_known(hub_org, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "C1,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n"
        "C2,Anne,Jones,,4 Oak Rd,Manchester,M1 1AA,,\n"
        "C3,Ken,Brown,,2 Elm Way,Watford,,,\n"
        "C4,Rose,Baker,,9 Ash Close,Hitchin,SG99 ZZZ,,\n",
    )
    summary = import_target_list(path=path, source=SOURCE)
    assert (summary.in_county, summary.outside_county, summary.county_not_known) == (1, 1, 2)
    assert summary.calls_created == 3
    outside = TargetListEntry.objects.get(row_id="C2")
    assert outside.county == "outside" and outside.call is None
    assert outside.county_reason == "M1 is outside the county"
    no_postcode = ProactiveCall.objects.get(name="Ken Brown")
    assert no_postcode.county_check == "No postcode on the list"
    unreadable = ProactiveCall.objects.get(name="Rose Baker")
    assert "SG99 ZZZ" in unreadable.county_check
    assert ProactiveCall.objects.get(name="John Smith").county_check == ""


def test_county_of_reads_the_district_even_from_a_partial_postcode() -> None:
    assert county_of("al1").county == "in"
    assert county_of(" wd17 1aa ").reason == "WD17 is in Watford"
    assert county_of("EC1A 1BB").county == "outside"
    assert county_of("").county == "not_known"


def test_foreign_postcodes_phones_and_names_are_kept_and_flagged(hub_org, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "F1,Zoë,Dubois-Løkke,1939-05-05,8 Rue de Rivoli,Paris,75001,+33 1 42 68 53 00,zoë@example.fr\n"
        "F2,Siân,O'Connor,,1 Main St,Dublin,D02 X285,+353 1 234 5678,\n",
    )
    summary = import_target_list(path=path, source=SOURCE)
    assert (summary.people, summary.county_not_known, summary.calls_created) == (2, 2, 2)
    call = ProactiveCall.objects.get(name="Zoë Dubois-Løkke")
    assert call.phone == "+33 1 42 68 53 00"
    assert call.county_check == "Postcode 75001 is not a UK postcode we can read"


def test_windows_1252_file_is_read_as_typed(hub_org, tmp_path: Path) -> None:
    path = _write(tmp_path, "W1,Siân,Brontë,,1 Mill Rd,Hertford,SG13 7AA,,\n", encoding="cp1252")
    import_target_list(path=path, source=SOURCE)
    assert ProactiveCall.objects.get().name == "Siân Brontë"


def test_excel_workbook_is_read_like_a_csv(hub_org, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ID", "Given_Name", "Surname", "Postcode", "Phone"])
    sheet.append(["X1", "Walter", "Gibbs", "AL5 4SP", "01582 700200"])
    path = tmp_path / "seized.xlsx"
    workbook.save(path)
    summary = import_target_list(path=path, source=SOURCE)
    assert (summary.rows, summary.in_county, summary.calls_created) == (1, 1, 1)
    assert ProactiveCall.objects.get().phone == "01582 700200"


def test_reimport_of_same_file_creates_nothing(hub_org, tmp_path: Path) -> None:
    case = _known_case()
    path = _write(
        tmp_path,
        "R1,Margaret,Hughes,,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n"
        "R2,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n",
    )
    first = import_target_list(path=path, source=SOURCE)
    events = case.events.count()
    again = import_target_list(path=path, source="The same list, sent twice")
    assert again.already_imported and again.target_list == first.target_list
    assert again.calls_created == first.calls_created == 2
    assert TargetList.objects.count() == 1
    assert ProactiveCall.objects.count() == 2
    assert TargetListEntry.objects.count() == 2
    assert case.events.count() == events


def test_a_file_imported_meanwhile_by_someone_else_is_stored_once(
    hub_org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "A1,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n")
    real_read = target_lists.read_person_list

    def read_while_another_import_finishes(read_path: Path) -> list[PersonRow]:
        TargetList.objects.create(source="the other import", file_hash=file_hash(read_path))
        return real_read(read_path)

    monkeypatch.setattr(target_lists, "read_person_list", read_while_another_import_finishes)
    summary = import_target_list(path=path, source=SOURCE)
    assert summary.already_imported
    assert TargetList.objects.get().source == "the other import"
    assert not ProactiveCall.objects.exists()


def test_import_is_audited(hub_org, tmp_path: Path) -> None:
    path = _write(tmp_path, "A1,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n")
    summary = import_target_list(path=path, source=SOURCE, actor_label="import-target-list")
    event = AuditEvent.objects.get(object_type="casework.targetlist")
    assert event.action == AuditEvent.Action.CREATE
    assert event.object_id == str(summary.target_list)
    assert event.actor_label == "import-target-list"
    assert event.detail["calls_created"] == 1


def test_match_known_counts_a_nickname_and_refuses_name_alone() -> None:
    known = prepare_person(
        1, {"given_name": "Margaret", "surname": "Hughes", "postcode": "AL1 3EJ"}
    )
    peggy = prepare_person(2, {"given_name": "Peggy", "surname": "Hughes", "postcode": "al13ej"})
    match = match_known(peggy, known)
    assert match.score >= Decimal("0.75")
    assert "Peggy may be Margaret" in match.reasons
    name_only = prepare_person(3, {"given_name": "Margaret", "surname": "Hughes"})
    assert match_known(name_only, known).score == 0
    landline = {"surname": "Hughes", "phone": "01727 123456"}
    wife = prepare_person(4, {"given_name": "Margaret", **landline})
    husband = prepare_person(5, {"given_name": "Tom", **landline})
    assert match_known(prepare_person(6, landline), wife).score >= Decimal("0.75")
    assert match_known(husband, wife).score == 0


def test_command_prints_progress_and_a_json_summary_last(
    hub_org, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "A1,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n")
    call_command("import_target_list", str(path), "--source", SOURCE)
    out = capsys.readouterr()
    summary = json.loads(out.out.strip().splitlines()[-1])
    assert summary["rows"] == summary["people"] == summary["in_county"] == 1
    assert summary["outside_county"] == summary["known_victims"] == 0
    assert summary["calls_created"] == 1
    assert "Read 1 row;" in out.err and "1 proactive call booked" in out.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (
            b"given_name,surname\nJohn,Smith\n",
            "has no id column. Columns found: given_name, surname",
        ),
        (b"id,given_name\n", "has a header row but no people in it"),
        ("id,given_name\n1,John\n".encode("utf-16"), "does not look like a CSV file"),
    ],
)
def test_bad_files_give_a_clear_error(
    hub_org, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadablePersonList, match=message):
        import_target_list(path=path, source=SOURCE)
    with pytest.raises(CommandError, match=message):
        call_command("import_target_list", str(path), "--source", SOURCE)
    assert not TargetList.objects.exists()


def test_missing_file_and_blank_source_are_errors(hub_org, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_target_list", str(tmp_path / "nowhere.csv"), "--source", SOURCE)
    path = _write(tmp_path, "A1,John,Smith,,1 High St,Stevenage,SG1 1AA,,\n")
    with pytest.raises(CommandError, match="Say where the list came from"):
        call_command("import_target_list", str(path), "--source", "  ")


def test_demo_list_books_calls_for_open_cases_and_strangers_once(hub_org) -> None:
    case = _known_case()
    seized_list(seed=1)
    seized_list(seed=1)
    target_list = TargetList.objects.get()
    assert target_list.known_victims == 1
    assert target_list.rows == len(SEIZED_STRANGERS) + 1
    assert target_list.outside_county == 1  # Luton
    assert ProactiveCall.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.level == 1
