"""The attribution rules (webapp.programme), each test named after the rule it checks."""

import datetime

import pytest

from webapp.programme import (company_key, corporate_domain, first_touch_counts, is_self_referral,
                              normalized_company_name, rejection_for)


def test_the_company_key_is_the_inn_when_known():
    assert company_key(inn="7707083893", email="hr@romashka.ru", company="Ромашка") == "inn:7707083893"


def test_else_the_corporate_email_domain():
    assert company_key(email="Olga@Romashka.RU", company="Ромашка") == "domain:romashka.ru"


@pytest.mark.parametrize("domain", ["gmail.com", "mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru",
                                    "icloud.com", "outlook.com"])
def test_a_public_mail_domain_is_never_a_company_key(domain):
    assert corporate_domain(f"olga@{domain}") is None
    assert company_key(email=f"olga@{domain}", company="ООО «Ромашка»") == "name:ромашка"


def test_else_the_normalized_company_name():
    names = ["ООО «Ромашка-Плюс»", "ромашка плюс", 'АО "Ромашка Плюс"', "Ромашка  Плюс, ООО"]
    assert {normalized_company_name(n) for n in names} == {"ромашка плюс"}
    assert normalized_company_name("Ёлка") == normalized_company_name("елка")
    assert company_key(company="ООО «Ромашка-Плюс»") == "name:ромашка плюс"


def test_self_referral_is_the_referrers_own_email_domain_or_session():
    assert is_self_referral("anna@romashka.ru", "ANNA@romashka.ru")
    assert is_self_referral("anna@romashka.ru", "hr@romashka.ru")
    assert is_self_referral("anna@gmail.com", "hr@other.ru", in_referrers_own_session=True)
    assert not is_self_referral("anna@gmail.com", "olga@gmail.com")  # a public domain is nobody's company
    assert not is_self_referral("anna@romashka.ru", "hr@lyutik.ru")
    assert not is_self_referral("anna@romashka.ru", None)


def test_the_first_touch_counts_for_the_attribution_window():
    touch = datetime.datetime(2026, 9, 1, 12, 0)
    assert first_touch_counts(touch, touch + datetime.timedelta(days=90), 90)
    assert not first_touch_counts(touch, touch + datetime.timedelta(days=90, seconds=1), 90)
    assert not first_touch_counts(None, touch, 90)


def test_a_lead_is_rejected_for_self_referral_then_existing_client_then_duplicate():
    assert rejection_for(self_referral=True, existing_client=True, first_lead_of_company=False) == "self_referral"
    assert rejection_for(self_referral=False, existing_client=True, first_lead_of_company=True) == "existing_client"
    assert rejection_for(self_referral=False, existing_client=False, first_lead_of_company=False) == "duplicate"
    assert rejection_for(self_referral=False, existing_client=False, first_lead_of_company=True) is None
