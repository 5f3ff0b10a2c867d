from desktop.render.linker import (AppLinker, ExportLinker, note_page_path, parse_app_url, safe_segment,
                                   topic_page_path)


def test_app_linker_urls_round_trip():
    linker = AppLinker()
    assert linker.note_href("a b/c#d.md", "My Heading") == "vault://note/a%20b/c%23d.md#my-heading"
    assert linker.topic_href("x/y z") == "vault://topic/x%2Fy%20z"
    assert linker.file_href("img/p q.png") == "vault://file/img/p%20q.png"
    assert parse_app_url("vault://note/a%20b/c%23d.md#my-heading") == ("note", "a b/c#d.md", "my-heading")
    assert parse_app_url("vault://topic/x%2Fy%20z") == ("topic", "x/y z", None)
    assert parse_app_url("https://example.org") is None


def test_export_page_names_are_safe_and_distinct():
    assert note_page_path("dir/weird name %?.md") == "notes/dir/weird~20name~20~25~3F.html"
    assert note_page_path("../x.md") == "notes/~2E./x.html"
    assert note_page_path("a.md") != note_page_path("a")
    assert topic_page_path("a/b") == "topics/a~2Fb.html"
    assert safe_segment("~") == "~7E"
    assert len(safe_segment("x" * 400)) < 100


def test_export_linker_relative_links():
    linker = ExportLinker("notes/sub/beta.html")
    assert linker.note_href("alpha.md") == "../alpha.html"
    assert linker.note_href("sub/beta.md", "Top") == "#top"
    assert linker.topic_href("some topic") == "../../topics/some~20topic.html"
    assert linker.file_href("img/p.png") == "../../files/img/p.png"
    assert linker.requested_files == {"img/p.png"}
