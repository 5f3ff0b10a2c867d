"""decode_note: every encoding and line-ending a real vault throws at the reader."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.text import decode_note


def test_plain_utf8():
    assert decode_note("héllo ✓\n".encode()) == ("héllo ✓\n", [])


def test_empty():
    assert decode_note(b"") == ("", [])


def test_utf8_bom_dropped_silently():
    assert decode_note(b"\xef\xbb\xbf# Title\n") == ("# Title\n", [])


def test_cp1252_fallback():
    assert decode_note(b"caf\xe9 \x93quoted\x94") == ("café \u201cquoted\u201d", ["not UTF-8: read as cp1252"])


def test_bytes_cp1252_leaves_undefined_read_as_latin1():
    assert decode_note(b"a\x81b\x9dc\xe9") == ("a\x81b\x9dcé", ["not UTF-8: read as cp1252"])


def test_crlf_and_cr_become_lf():
    assert decode_note(b"a\r\nb\rc\n\r\nd") == ("a\nb\nc\n\nd", [])


def test_cp1252_with_crlf():
    assert decode_note(b"caf\xe9\r\nx") == ("café\nx", ["not UTF-8: read as cp1252"])


def test_nul_bytes_skipped():
    assert decode_note(b"PK\x03\x04\x00\x00binary") == (None, ["contains NUL bytes (binary?): skipped"])


def test_utf16_le_with_bom():
    data = "\ufeff# Tïtle\r\nbody".encode("utf-16-le")
    assert decode_note(data) == ("# Tïtle\nbody", ["UTF-16 text: read as UTF-16"])


def test_utf16_be_with_bom():
    data = "\ufeffcafé ✓".encode("utf-16-be")
    assert decode_note(data) == ("café ✓", ["UTF-16 text: read as UTF-16"])


def test_utf32_le_not_mistaken_for_utf16():
    data = "\ufeffabc".encode("utf-32-le")
    assert decode_note(data) == ("abc", ["UTF-32 text: read as UTF-32"])


def test_utf16_with_nul_character_is_binary():
    data = "\ufeffa\x00b".encode("utf-16-le")
    assert decode_note(data) == (None, ["contains NUL bytes (binary?): skipped"])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="]([a\n", max_size=20), st.sampled_from(["](", "[[", "(]", "a("]))
def test_has_pair_is_a_scan_for_the_pair(text, pair):
    from desktop.core.text import has_pair

    assert has_pair(text, pair) == (pair in text)
