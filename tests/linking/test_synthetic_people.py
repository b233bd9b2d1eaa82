"""People matching's test data is like a county's: an email address is one mailbox, which
namesakes never share and a couple sometimes does."""

from __future__ import annotations

from fraudhub.linking.synthetic import messy_people


def test_generated_people_share_an_email_only_with_their_spouse() -> None:
    people = 3_000
    households: dict[str, set[int]] = {}
    for row in messy_people(people, seed=3):
        if row.values["email"]:
            households.setdefault(row.values["email"], set()).add(row.truth % people)
    assert households
    assert all(len(household) == 1 for household in households.values())
    shared = [e for e, h in households.items() if e.startswith("the")]
    assert shared  # some couples give a household email
