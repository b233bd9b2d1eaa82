"""Messy person lists with known truth, for tests and benchmarks of people matching:
the same person typed differently (nicknames, typos, missing or swapped dates of birth,
old addresses, phone and postcode formats, a town in half the rows), spouses at one address who may share a
landline or an email address, a few from abroad."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from fraudhub.reports.geography import POSTCODE_DISTRICTS

NICKNAMES = {
    "margaret": ["peggy", "maggie", "meg"],
    "william": ["bill", "will", "billy"],
    "robert": ["bob", "rob", "bobby"],
    "elizabeth": ["liz", "beth", "betty"],
    "richard": ["dick", "rick"],
    "catherine": ["cathy", "kate"],
    "james": ["jim", "jimmy"],
    "patricia": ["pat", "patty"],
    "anthony": ["tony"],
    "susan": ["sue"],
}
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class PersonRow:
    truth: int
    values: dict[str, str]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    choice = rng.random()
    if choice < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters
    if choice < 0.7:
        return word[:i] + word[i + 1 :]  # drop one
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]  # change a vowel-ish


_TOWNS = {d.code: d.town for d in POSTCODE_DISTRICTS}
TOWN_GIVEN = 0.5  # the share of rows with a town typed in


def _town(rng: random.Random, postcode: str) -> str:
    """The town of a postcode's district, typed in some rows only; none for a foreign one."""
    compact = postcode.replace(" ", "")
    town = _TOWNS.get(compact[:-3], "")
    return town if rng.random() < TOWN_GIVEN else ""


def _postcode(rng: random.Random) -> str:
    district = rng.choice(POSTCODE_DISTRICTS).code
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"


def messy_people(people: int, *, seed: int = 1) -> Iterator[PersonRow]:
    """Rows for `people` true people, each typed 1 to 4 times; `truth` says who is who."""
    rng = random.Random(seed)
    towns = random.Random(seed + 7)  # its own draws: the other fields are as they were
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    row_id = 0
    taken: set[str] = set()  # an email address is one mailbox: no two households share one
    for truth in range(people):
        female = rng.random() < 0.55
        given = (
            rng.choice(list(NICKNAMES))
            if rng.random() < 0.25
            else (fake.first_name_female() if female else fake.first_name_male())
        )
        surname = fake.last_name()
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
        postcode = _postcode(rng)
        street = fake.street_address()
        phone = f"07{rng.randint(100000000, 999999999)}"
        email = _unused(f"{given.lower()}.{surname.lower()}", rng.randint(1, 99), taken)
        abroad = rng.random() < 0.02
        married = not abroad and rng.random() < 0.1
        shared: set[str] = set()  # what the couple give as theirs: a landline, an email
        if abroad:
            postcode = f"{rng.randint(10000, 99999)}"
            phone = f"+49 30 {rng.randint(1000000, 9999999)}"
        elif married:
            if rng.random() < 0.3:
                shared.add("phone")
                phone = f"01{rng.randint(100000000, 999999999)}"
            if rng.random() < 0.3:
                shared.add("email")
                taken.discard(email)
                email = _unused(f"the{surname.lower()}s", rng.randint(1, 99), taken)
        copies = rng.choices([1, 2, 3, 4], weights=[55, 30, 10, 5])[0]
        # What the person's records always share besides a name, even after a move: a
        # record with a new address and nothing but a name is a namesake as often as not.
        anchor = rng.choice(["date_of_birth", "phone", "email"])
        for copy in range(copies):
            row_id += 1
            typed_given = given.capitalize()
            if copy and given.lower() in NICKNAMES and rng.random() < 0.4:
                typed_given = rng.choice(NICKNAMES[given.lower()]).capitalize()
            typed_surname = _typo(rng, surname) if copy and rng.random() < 0.1 else surname
            dob = ""
            if rng.random() > 0.35:
                day = born
                if copy and rng.random() < 0.05 and born.day <= 12:
                    day = date(born.year, born.day, born.month)  # day and month swapped
                dob = rng.choice(
                    [day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%Y%m%d")]
                )
            moved = copy and rng.random() < 0.15
            values = {
                "id": f"P{row_id:07d}",
                "given_name": typed_given if rng.random() > 0.02 else typed_given.upper(),
                "surname": typed_surname,
                "date_of_birth": dob,
                "address_line1": fake.street_address() if moved else street,
                "town": "",
                "postcode": (_postcode(rng) if moved else postcode).replace(" ", "")
                if rng.random() < 0.3
                else (_postcode(rng) if moved else postcode),
                "phone": phone if rng.random() < 0.5 else "",
                "email": email if rng.random() < 0.4 else "",
            }
            values["town"] = _town(towns, values["postcode"])
            if (moved or copy == 0) and not values[anchor]:
                values[anchor] = {
                    "date_of_birth": born.isoformat(),
                    "phone": phone,
                    "email": email,
                }[anchor]
            yield PersonRow(truth, values)
        if married:
            # a spouse: same surname and address, perhaps the same landline or email, and
            # a different person
            row_id += 1
            yield PersonRow(
                people + truth,
                {
                    "id": f"P{row_id:07d}",
                    "given_name": fake.first_name_male() if female else fake.first_name_female(),
                    "surname": surname,
                    "date_of_birth": (born + timedelta(days=rng.randint(-2000, 2000))).isoformat(),
                    "address_line1": street,
                    "town": _town(towns, postcode),
                    "postcode": postcode,
                    "phone": phone if "phone" in shared and rng.random() < 0.5 else "",
                    "email": email if "email" in shared and rng.random() < 0.4 else "",
                },
            )


def _unused(local: str, number: int, taken: set[str]) -> str:
    """The first free address from `local` and `number` on, as a mail provider offers."""
    while f"{local}{number}@example.com" in taken:
        number += 100
    address = f"{local}{number}@example.com"
    taken.add(address)
    return address


def pairwise_scores(truth: dict[str, int], found: dict[str, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of found clusters against the true ones."""
    from collections import Counter

    def pairs(groups: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in groups.values())

    true_pairs = pairs(Counter(truth.values()))
    found_pairs = pairs(Counter(found.values()))
    both = pairs(Counter((truth[k], found[k]) for k in truth))
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
