"""E-mail addresses: RFC 5321/5322 + 6531/6532 syntax, UTS #46 + IDNA 2008 domains, one key.

Expected A-labels were computed with ``idna.encode(domain, uts46=True)`` and are written out,
so that a change of library behaviour shows up here.
"""

import unicodedata

import idna
import pytest

from dclic.core.email_address import CODES, InvalidAddress, isolate, normalize

# (typed, canonical display, A-label domain, needs SMTPUTF8)
VALID = [
    # right-to-left scripts
    ("مستخدم@مثال.مصر", "مستخدم@مثال.مصر", "xn--mgbh0fb.xn--wgbh1c", True),
    ("کاربر@مثال.ایران", "کاربر@مثال.ایران", "xn--mgbh0fb.xn--mgba3a4f16a", True),
    ("משתמש@דוגמה.ישראל", "משתמש@דוגמה.ישראל", "xn--6dbbec0c.xn--4dbrk0ce", True),
    # other scripts
    ("ուսանող@օրինակ.հայ", "ուսանող@օրինակ.հայ", "xn--y9atn0a2c3a.xn--y9a3aq", True),
    ("пользователь@пример.рф", "пользователь@пример.рф", "xn--e1afmkfd.xn--p1ai", True),
    ("χρήστης@παράδειγμα.ελ", "χρήστης@παράδειγμα.ελ", "xn--hxajbheg2az3al.xn--qxam", True),
    ("用户@例子.广告", "用户@例子.广告", "xn--fsqu00a.xn--4rr70v", True),
    ("用户@例子.中国", "用户@例子.中国", "xn--fsqu00a.xn--fiqs8s", True),
    ("ผู้ใช้@ตัวอย่าง.ไทย", "ผู้ใช้@ตัวอย่าง.ไทย", "xn--72c1a1bt4awk9o.xn--o3cw4h", True),
    ("उपयोगकर्ता@उदाहरण.भारत", "उपयोगकर्ता@उदाहरण.भारत", "xn--p1b6ci4b4b3a.xn--h2brj9c", True),
    ("පරිශීලක@උදාහරණ.ලංකා", "පරිශීලක@උදාහරණ.ලංකා", "xn--ozc8dl2c3bxd.xn--fzc2c9e2c", True),
    # French, case kept in the local part
    ("élève@école.fr", "élève@école.fr", "xn--cole-9oa.fr", True),
    ("Zoë.Saint-Éloi@exemple.fr", "Zoë.Saint-Éloi@exemple.fr", "exemple.fr", True),
    ("Élève@École.FR", "Élève@école.fr", "xn--cole-9oa.fr", True),
    # ASCII local part, internationalised domain: no SMTPUTF8 needed
    ("fatou@école.fr", "fatou@école.fr", "xn--cole-9oa.fr", False),
    ("info@مثال.مصر", "info@مثال.مصر", "xn--mgbh0fb.xn--wgbh1c", False),
    ("x@faß.de", "x@faß.de", "xn--fa-hia.de", False),  # IDNA 2008 keeps ß
    ("x@col·legi.cat", "x@col·legi.cat", "xn--collegi-xma.cat", False),  # CONTEXTO l·l
    ("x@xn--55qx5d.com", "x@公司.com", "xn--55qx5d.com", False),  # typed A-label, shown U
    # ZWNJ/ZWJ where RFC 5892 allows them: after a virama, between joining Arabic letters
    ("x@क्\u200cष.भारत", "x@क्\u200cष.भारत", "xn--11b2ezcs70k.xn--h2brj9c", False),
    ("x@क्\u200dष.भारत", "x@क्\u200dष.भारत", "xn--11b2ezcw70k.xn--h2brj9c", False),
    (
        "x@می\u200cخواهم.ایران",
        "x@می\u200cخواهم.ایران",
        "xn--mgbn2ecje63gr19l.xn--mgba3a4f16a",
        False,
    ),
    # mixed directions that obey the Bidi Rule in every label
    ("x@مثال.com", "x@مثال.com", "xn--mgbh0fb.com", False),
    ("x@a1.مثال", "x@a1.مثال", "a1.xn--mgbh0fb", False),
    ("x@مثال1.com", "x@مثال1.com", "xn--1-ymcl5hc.com", False),
    # ASCII details
    ("fatou+cours@example.org", "fatou+cours@example.org", "example.org", False),
    ("Fatou.Diop@Example.ORG", "Fatou.Diop@example.org", "example.org", False),
    (
        "o'neil!#$%&*/=?^_`{|}~-@example.org",
        "o'neil!#$%&*/=?^_`{|}~-@example.org",
        "example.org",
        False,
    ),
    ("x@a--b.example", "x@a--b.example", "a--b.example", False),
    ("  fatou@example.org \n", "fatou@example.org", "example.org", False),
    # quotes only when needed
    ('"john doe"@example.org', '"john doe"@example.org', "example.org", False),
    ('"john"@example.org', "john@example.org", "example.org", False),
    ('"jean.dupont"@example.org', "jean.dupont@example.org", "example.org", False),
    ('"élève"@école.fr', "élève@école.fr", "xn--cole-9oa.fr", True),
    ('"a..b"@example.org', '"a..b"@example.org', "example.org", False),
    ('"a@b"@example.org', '"a@b"@example.org', "example.org", False),
    ('"a\\"b"@example.org', '"a\\"b"@example.org', "example.org", False),
    ('"\\a\\b"@example.org', "ab@example.org", "example.org", False),  # needless escapes go
    # lengths: 64 octets of local part, 63-octet A-label, 254-octet address
    ("a" * 64 + "@example.org", "a" * 64 + "@example.org", "example.org", False),
    ("é" * 32 + "@example.org", "é" * 32 + "@example.org", "example.org", True),
    (
        "x@" + "b" * 55 + "ä.de",
        "x@" + "b" * 55 + "ä.de",
        "xn--" + "b" * 55 + "-uve.de",
        False,
    ),
    (
        "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com",
        "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com",
        "b" * 63 + "." + "c" * 63 + "." + "d" * 57 + ".com",
        False,
    ),
]


@pytest.mark.parametrize(("typed", "display", "ascii_domain", "smtputf8"), VALID)
def test_valid_addresses_in_any_script_get_their_canonical_form(
    typed, display, ascii_domain, smtputf8
):
    address = normalize(typed)
    assert address.display == display
    assert unicodedata.is_normalized("NFC", address.display)
    assert address.ascii_domain == ascii_domain
    assert address.needs_smtputf8 is smtputf8
    local, _, domain = display.rpartition("@")
    assert (address.local, address.domain) == (local, domain)
    # the domain is the U-label form of the A-labels, per the idna package too
    assert idna.decode(ascii_domain) == address.domain
    assert len(address.local.encode()) <= 64
    assert len(address.display.encode()) <= 254


@pytest.mark.parametrize(("typed", "display", "ascii_domain", "smtputf8"), VALID)
def test_the_envelope_is_a_labels_for_ascii_local_parts_and_utf8_otherwise(
    typed, display, ascii_domain, smtputf8
):
    address = normalize(typed)
    if smtputf8:
        assert address.envelope == display
    else:
        assert address.envelope == f"{address.local}@{ascii_domain}"
        assert address.envelope.isascii()


def _long_a_label_address() -> str:
    # 245 octets in Unicode, 269 once the domain is in A-labels
    label = "b" * 50 + "ä"
    return "a" * 30 + "@" + ".".join([label] * 4) + ".fr"


INVALID = [
    # nothing, or no single @
    ("", "empty"),
    ("   ", "empty"),
    ("fatou.example.org", "no_at"),
    ('"fatou"', "no_at"),
    ("fatou@@example.org", "syntax"),
    ("fatou@diop@example.org", "syntax"),
    ("@example.org", "local_empty"),
    ('""@example.org', "local_empty"),
    # local part syntax (RFC 5322 dot-atom / quoted-string)
    (".fatou@example.org", "syntax"),
    ("fatou.@example.org", "syntax"),
    ("fatou..diop@example.org", "syntax"),
    ("fatou diop@example.org", "syntax"),
    ("fatou\tdiop@example.org", "syntax"),
    ("fa(tou)@example.org", "syntax"),
    ('fa"tou"@example.org', "syntax"),
    ('"fatou"diop@example.org', "syntax"),
    ('"fatou@example.org', "syntax"),
    ("Fatou <fatou@example.org>", "syntax"),
    ("élè\u202eve@école.fr", "syntax"),  # a bidi override hides what the address says
    ("élè\u00a0ve@école.fr", "syntax"),  # a no-break space is still a space
    ("fa\x00tou@example.org", "syntax"),
    # lengths, in octets
    ("a" + "é" * 32 + "@example.org", "local_too_long"),  # 33 characters, 65 octets
    ("a" * 65 + "@example.org", "local_too_long"),
    ("a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".com", "too_long"),
    (_long_a_label_address(), "too_long"),
    ("a@" + "b" * 2000 + ".com", "too_long"),
    ("x@" + "b" * 64 + ".com", "domain_label_too_long"),
    ("x@" + "b" * 57 + "ä.de", "domain_label_too_long"),  # 59 octets, 65 as an A-label
    # domain
    ("fatou@", "domain_empty"),
    ("x@☕.example", "domain"),
    ("x@i❤.ws", "domain"),
    ("x@xn--ls8h.la", "domain"),  # an emoji behind an A-label
    ("x@xn--abc-.com", "domain"),  # Punycode may not end with "-"
    ("x@xn--zz.com", "domain"),  # not Punycode at all
    ("x@xn--a.com", "domain"),  # decodes to a control character
    ("x@xn---bbk.com", "domain"),  # not the canonical A-label of ま
    ("x@-ab.com", "domain"),
    ("x@ab-.com", "domain"),
    ("x@ab--cd.com", "domain"),  # "--" in positions 3-4 is for A-labels only
    ("x@a\u200db.com", "domain"),  # ZWJ not after a virama
    ("x@a\u200cb.com", "domain"),  # ZWNJ not after a virama nor between joining letters
    ("x@\u200cمثال.com", "domain"),
    ("x@a·b.cat", "domain"),  # CONTEXTO: the middle dot only between two l
    ("x@exa_mple.com", "domain"),
    ("x@exa mple.com", "domain"),
    ("x@example.com.", "domain"),
    ("x@.example.com", "domain"),
    ("x@example..com", "domain"),
    ("x@localhost", "domain_dotless"),
    ("élève@école", "domain_dotless"),
    ("x@example.123", "domain_numeric_tld"),
    ("x@مثال.١٢٣", "domain_bidi"),  # Arabic-Indic digits: an RTL label starting with AN
    ("x@[192.0.2.1]", "ip_literal"),
    ("x@[IPv6:2001:db8::1]", "ip_literal"),
    ("x@192.0.2.1", "ip_literal"),
    # Bidi Rule (RFC 5893) across the labels of a right-to-left domain
    ("x@مثال.1com", "domain_bidi"),  # rule 1: an LTR label must start with L
    ("x@1a.مثال", "domain_bidi"),
    ("x@דוגמה.1ישראל", "domain_bidi"),  # rule 1: EN first in an RTL label
    ("x@مثالa.com", "domain_bidi"),  # rule 2: L inside an RTL label
    ("x@a١.com", "domain_bidi"),  # rule 5: AN inside an LTR label
    ("x@مثال-.com", "domain"),  # the hyphen rule comes first
]


@pytest.mark.parametrize(("typed", "code"), INVALID)
def test_invalid_addresses_are_refused_with_a_stable_code(typed, code):
    with pytest.raises(InvalidAddress) as caught:
        normalize(typed)
    assert caught.value.code == code
    assert code in CODES


@pytest.mark.parametrize("domain", ["مثال.1com", "1a.مثال", "דוגמה.1il"])
def test_the_bidi_rule_across_labels_is_ours_because_idna_checks_one_label_at_a_time(domain):
    idna.encode(domain, uts46=True)  # the library alone lets these through
    with pytest.raises(InvalidAddress, match="domain_bidi"):
        normalize(f"x@{domain}")


def test_every_code_has_a_human_message_in_english(app):
    with app.test_request_context("/?lang=en"):
        messages = {code: InvalidAddress(code).user_message() for code in CODES}
    assert all(message.endswith(".") for message in messages.values())
    assert len(set(messages.values())) == len(CODES)  # each says what is wrong
    assert messages["local_too_long"] == (
        "This e-mail address is not valid: the part before the @ is too long."
    )


SAME_KEY_AS_ELEVE_AT_ECOLE = [
    "élève@école.fr",
    unicodedata.normalize("NFD", "élève@école.fr"),
    "élève@" + unicodedata.normalize("NFD", "école.fr"),
    "élève@ÉCOLE.FR",
    "élève@école．fr",  # FULLWIDTH FULL STOP
    "élève@école。fr",  # IDEOGRAPHIC FULL STOP
    "élève@école｡fr",  # HALFWIDTH IDEOGRAPHIC FULL STOP
    "élève@éｃｏｌｅ.ｆｒ",  # full-width letters
    "élève@xn--cole-9oa.fr",
    "élève@XN--COLE-9OA.FR",
    "Élève@École.fr",  # a phone's automatic capital
    "ÉLÈVE@école.fr",
    '"élève"@école.fr',
    " élève@école.fr ",
]


@pytest.mark.parametrize("typed", SAME_KEY_AS_ELEVE_AT_ECOLE)
def test_equivalent_spellings_reach_the_same_key(typed):
    assert normalize(typed).key == normalize("élève@école.fr").key == "élève@école.fr"


@pytest.mark.parametrize(
    ("typed", "display"),
    [
        ("Élève@École.fr", "Élève@école.fr"),
        ("ÉLÈVE@xn--cole-9oa.fr", "ÉLÈVE@école.fr"),
        (unicodedata.normalize("NFD", "Élève@école.fr"), "Élève@école.fr"),
        ("Fatou@EXAMPLE.org", "Fatou@example.org"),
        ("ﬁlle@example.org", "ﬁlle@example.org"),  # no NFKC in the local part
    ],
)
def test_the_display_keeps_the_local_part_as_typed(typed, display):
    assert normalize(typed).display == display


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("élève@école.fr", "eleve@école.fr"),
        ("élève@école.fr", "élève@ecole.fr"),
        ("x@faß.de", "x@fass.de"),  # distinct domains under IDNA 2008
        ('"john doe"@example.org', "johndoe@example.org"),
    ],
)
def test_different_addresses_keep_different_keys(one, other):
    assert normalize(one).key != normalize(other).key


def test_an_address_is_isolated_for_plain_text():
    assert isolate("مستخدم@مثال.مصر") == "\u2068مستخدم@مثال.مصر\u2069"
    assert str(normalize("Fatou@Example.org")) == "Fatou@example.org"
