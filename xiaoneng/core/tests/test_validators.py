import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xiaoneng.core.masking import mask_id_number, mask_name, mask_phone
from xiaoneng.core.validators import is_valid_mobile, is_valid_resident_id, is_valid_uscc, uscc_check_char, validate_resident_id, validate_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "91440300708461136T", "91440300708461136t"])
def test_published_credit_codes_pass(code):
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100I43",  # I is not in the alphabet
        "",
        None,
    ],
)
def test_bad_credit_codes_fail(code):
    assert not is_valid_uscc(code)


def test_every_single_character_change_is_caught():
    code = "91440300708461136T"
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for i in range(17):
        for ch in alphabet:
            if ch != code[i]:
                changed = code[:i] + ch + code[i + 1 :]
                assert not is_valid_uscc(changed), changed


def test_check_character_of_the_standard_example():
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", "440524188001010014"])
def test_resident_id_from_the_standard(number):
    assert is_valid_resident_id(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "110105194913310024",  # month 13
        "11010519491231002",  # 17 characters
        "1101051949123100XX",
    ],
)
def test_bad_resident_ids_fail(number):
    assert not is_valid_resident_id(number)


def test_resident_id_born_in_the_future_fails():
    assert not is_valid_resident_id("11010519491231002X", today=dt.date(1949, 12, 30))


def test_django_validators_raise_chinese_messages():
    with pytest.raises(ValidationError) as exc:
        validate_uscc("123")
    assert "统一社会信用代码" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        validate_resident_id("123")
    validate_uscc("91350100M000100Y43")


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("053186001234") == "0531******34"
    assert mask_phone("") == ""
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_mobile_numbers():
    assert is_valid_mobile("13812345678")
    assert not is_valid_mobile("12812345678")
    assert not is_valid_mobile("1381234567")
