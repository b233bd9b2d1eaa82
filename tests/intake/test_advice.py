"""The confirmation page's advice fits what happened."""

from fraudhub.intake.advice import (
    CALL_BANK,
    CARD_DETAILS,
    DOORSTEP,
    MAIL,
    NOT_YOUR_FAULT,
    STILL_IN_TOUCH,
    TEXTS,
    advice_for,
)


def test_bank_impersonation_says_call_159() -> None:
    items = advice_for(
        scam_type="bank_impersonation",
        contact_method="phone_call",
        lost_money=False,
        still_in_contact=False,
    )
    assert items[0] == CALL_BANK
    assert "159" in items[0].body


def test_still_in_touch_comes_first() -> None:
    items = advice_for(
        scam_type="romance", contact_method="social_media", lost_money=True, still_in_contact=True
    )
    assert items[0] == STILL_IN_TOUCH


def test_doorstep_mail_and_text_advice() -> None:
    assert DOORSTEP in advice_for(
        scam_type="rogue_trader", contact_method="doorstep", lost_money=None, still_in_contact=None
    )
    assert MAIL in advice_for(
        scam_type="lottery_prize", contact_method="letter", lost_money=None, still_in_contact=None
    )
    texts = advice_for(
        scam_type="parcel_delivery",
        contact_method="text_message",
        lost_money=False,
        still_in_contact=False,
    )
    assert TEXTS in texts and "7726" in TEXTS.heading


def test_advice_has_no_repeats_and_ends_with_reassurance() -> None:
    items = advice_for(
        scam_type="phishing", contact_method="email", lost_money=True, still_in_contact=False
    )
    assert len(items) == len(set(items))
    assert items[-1] == NOT_YOUR_FAULT


def test_parcel_text_without_loss_still_says_call_the_bank_if_card_details_were_given() -> None:
    items = advice_for(
        scam_type="parcel_delivery",
        contact_method="text_message",
        lost_money=False,
        still_in_contact=False,
    )
    assert CARD_DETAILS in items and CALL_BANK not in items
