"""How reports write numbers: Arabic digits, Chinese numerals and their multipliers, read to exact values.

19.07万, 1,000, 3千万 and 三万五千, 一千零五, 十二 as written; 三万五 (35000),
一千二 (1200) and 二百五 (250), where the magnitude after the last digit is
left out; 三点五 and 百分之九十五点五 with a decimal part. Part of the figure
extractor (``figures``), which matches these patterns and rejects the numbers
that are no quantity.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE = {"万": 10**4, "亿": 10**8}
CN_MAGNITUDES = frozenset("十百千万亿")
_ZEROS = frozenset("零〇")

# No number a report states has this many digits or numerals. Bounding them
# bounds each attempt of the scan: unbounded, a run of digits without a unit
# was read to its end from every one of its positions (quadratic in the run).
_MAX_NUMBER_CHARS = 30
AR_NUM = (
    rf"\d{{1,3}}(?:,\d{{3}}){{1,{_MAX_NUMBER_CHARS // 4}}}(?:\.\d{{1,{_MAX_NUMBER_CHARS}}})?"
    rf"|\d{{1,{_MAX_NUMBER_CHARS}}}(?:\.\d{{1,{_MAX_NUMBER_CHARS}}})?"
)
NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CN_FRACTION_DIGITS = "零〇一二三四五六七八九"
# A decimal part is written digit by digit after 点 (三点五, 九十五点五).
CN_NUM = rf"[{NUMERALS}]{{1,{_MAX_NUMBER_CHARS}}}(?:点[{_CN_FRACTION_DIGITS}]{{1,{_MAX_NUMBER_CHARS}}})?"
# Nor is a number read from inside a run of digits or of numerals: it would
# be glued to the digit before it, and a run of numerals that is no figure
# from its first character is none from any later one. Skipping those
# positions makes the scan of a long run linear.
NEW_NUMBER = rf"(?<!\d)(?:{AR_NUM})|(?<![{NUMERALS}]){CN_NUM}"
# A multiplier after a number (1.2万, 3千万, 三点五亿). 千米, 千克, 千瓦 and
# 百分点 are units, not a 千 or 百 multiplier.
MULTIPLIER = r"万亿|千万|百万|十万|亿|万|千(?![米克瓦])|百(?!分点)"
MULTIPLIERS = {
    "万亿": 10**12, "千万": 10**7, "百万": 10**6, "十万": 10**5, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 100,
}  # fmt: skip


def parse_number(num: str) -> Decimal | None:
    """The value of an Arabic (1,000, 19.07) or Chinese (三万五千, 九十五点五) number; None if malformed."""
    if num[0].isdigit():
        try:
            return Decimal(num.replace(",", ""))
        except InvalidOperation:
            return None
    return parse_chinese(num)


def parse_chinese(numeral: str) -> Decimal | None:
    """A Chinese numeral's value, with an optional decimal part after 点; None if malformed."""
    whole, point, fraction = numeral.partition("点")
    integer = _parse_integer(whole) if whole else None
    if integer is None or not point:
        return integer
    if not fraction or any(ch not in CN_DIGITS or ch == "两" for ch in fraction):
        return None
    return integer + Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in fraction))


def _parse_integer(numeral: str) -> Decimal | None:
    """两万, 三千五百, 十二, 一千零五, 三万亿; 三万五 and 一千二 with the last magnitude left out.

    A digit closing the numeral right after a magnitude counts in the next
    magnitude down (三万五 = 三万五千, 二百五 = 二百五十); after 零 it counts
    ones (一百零五). None for what no one writes as a number: a run of digits
    (二三, 二〇二三), magnitudes out of order (五十十), or a leading 百, 千, 万
    or 亿 with digits after it (万一).
    """
    if numeral[0] in CN_MAGNITUDES and numeral[0] != "十" and not CN_MAGNITUDES.issuperset(numeral):
        return None
    if numeral in _ZEROS:
        return Decimal(0)
    total = 0  # everything up to the last 万 or 亿
    section = 0  # below 万, since the last large magnitude
    digit: int | None = None  # a digit not yet given its magnitude
    smallest: int | None = None  # the last of 十百千 in the section: they must descend
    last_magnitude: int | None = None
    after_zero = False
    has_wan = has_yi = False
    for ch in numeral:
        if ch in _ZEROS:
            if digit is not None or last_magnitude is None:
                return None
            after_zero = True
        elif ch in CN_DIGITS:
            if digit is not None:
                return None
            digit = CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            magnitude = _CN_SMALL[ch]
            if smallest is not None and magnitude >= smallest:
                return None
            section += (1 if digit is None else digit) * magnitude
            smallest, last_magnitude, digit, after_zero = magnitude, magnitude, None, False
        else:
            section += digit or 0
            if ch == "万":
                if has_wan or (section == 0 and total > 0):
                    return None
                total += (section or 1) * _CN_LARGE[ch]
                has_wan = True
            else:
                if has_yi:
                    return None
                total = (total + (section or (0 if total else 1))) * _CN_LARGE[ch]
                has_yi, has_wan = True, False
            section, smallest, digit, after_zero = 0, None, None, False
            last_magnitude = _CN_LARGE[ch]
    if digit is not None:
        # 十二: after 十 the digit is ones, as the rule gives.
        section += digit if after_zero or last_magnitude is None else digit * last_magnitude // 10
    return Decimal(total + section)
