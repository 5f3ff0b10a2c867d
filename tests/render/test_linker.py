import posixpath
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.render.linker import (AppLinker, ExportLinker, SitePaths, _relative_href, _relative_path, note_page_path,
                                   parse_app_url, safe_segment, topic_page_path)


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


def test_site_paths_never_differ_only_in_letter_case():
    site = SitePaths(notes=["energy.md", "Energy.md", "ENERGY.md", "talks/a.md", "Talks/a.md", "x~v2.md"],
                     topics=["energy"], files=["IMG.png", "img.png"])
    assert site.notes["ENERGY.md"] == "notes/ENERGY.html"  # the first in sorted order keeps the plain name
    assert (site.notes["Energy.md"], site.notes["energy.md"]) == ("notes/Energy~v2.html", "notes/energy~v3.html")
    assert site.notes["talks/a.md"] == "notes/talks/a~v2.html"
    assert site.notes["x~v2.md"] == "notes/x~7Ev2.html"  # a real `~v` is encoded: no name can take a suffix's
    assert site.files == {"IMG.png": "files/IMG.png", "img.png": "files/img~v2.png"}
    every = [*site.notes.values(), *site.topics.values(), *site.files.values()]
    assert len({path.casefold() for path in every}) == len(every)
    linker = ExportLinker("notes/talks/a~v2.html", site)
    assert linker.note_href("ENERGY.md") == "../ENERGY.html"
    assert linker.note_href("energy.md") == "../energy~v3.html"
    assert linker.note_href("missing.md") is None and linker.file_href("nope.png") is None


_segments = st.sampled_from(["a", "b", "notes", "x.html", "é ü", "..", ".", "", "a b", "~2F", "A-Z_9.~", "%", "#?&"])


@settings(max_examples=300, deadline=None)
@given(target=st.lists(_segments, min_size=1, max_size=4), base=st.lists(_segments, max_size=4))
def test_relative_paths_are_posixpaths_own(target, base):
    target_path, base_path = "/".join(target), "/".join(base) or "."
    if not target_path:
        return  # relpath refuses an empty path; the site has none
    assert _relative_path(target_path, base_path) == posixpath.relpath(target_path, base_path)
    assert _relative_href(target_path, base_path) == quote(posixpath.relpath(target_path, base_path))


def test_a_page_never_takes_the_name_of_a_folder_other_pages_go_in():
    """QA: a vault with `x.md` beside a folder `x.html` (holding `y.md`): the export stopped half-way, "a
    folder of that name is in the way"."""
    site = SitePaths(notes=["x.md", "x.html/y.md", "X.HTML/z.md"], files=["pic.png/a.png", "pic.png.md"])
    assert site.notes["x.html/y.md"] == "notes/x.html/y.html"
    assert site.notes["x.md"] == "notes/x~v2.html"
    folders = {posixpath.dirname(path).casefold() for path in [*site.notes.values(), *site.files.values()]}
    assert not folders & {path.casefold() for path in [*site.notes.values(), *site.files.values()]}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_segments.filter(lambda s: s not in ("", ".", "..")), min_size=1, max_size=3)
                .map(lambda parts: "/".join(parts) + ".md"), max_size=8))
def test_no_page_path_is_a_folder_of_another(notes):
    site = SitePaths(notes=notes)
    pages = {path.casefold() for path in site.notes.values()}
    folders = {folder.casefold() for path in site.notes.values()
               for folder in [posixpath.dirname(path), posixpath.dirname(posixpath.dirname(path))] if folder}
    assert len(pages) == len(site.notes) and not pages & folders
