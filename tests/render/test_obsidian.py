from desktop.render.obsidian import ObsidianExtension, break_before_lists
from render_helpers import convert


def test_highlight_and_tags():
    assert convert("a ==marked== #topic/sub C# #123", ObsidianExtension()) == (
        '<p>a <mark>marked</mark> <span class="tag">#topic/sub</span> C# #123</p>')


def test_comments_hidden_inline_and_across_lines():
    assert convert("keep %%hide%% this\n\n%%\nsecret\n%%\n\nend", ObsidianExtension()) == (
        "<p>keep  this</p>\n<p>end</p>")


def test_comment_marks_inside_fenced_code_stay():
    import markdown

    html = markdown.Markdown(extensions=["fenced_code", ObsidianExtension()]).convert("```\n%%x%%\n```")
    assert html == "<pre><code>%%x%%\n</code></pre>"


def test_task_list():
    assert convert("- [ ] todo\n- [x] done\n- plain", ObsidianExtension()) == (
        '<ul class="tasks">\n<li class="task"><span class="task-box">☐</span> todo</li>\n'
        '<li class="task done"><span class="task-box">☑</span> done</li>\n<li>plain</li>\n</ul>')


def test_list_right_after_paragraph():
    assert convert("Items:\n*   one\n*   two", ObsidianExtension()) == (
        "<p>Items:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
    assert break_before_lists(["2023. A year", "text"]) == ["2023. A year", "text"]
    assert break_before_lists(["- a", "- b"]) == ["- a", "- b"]
