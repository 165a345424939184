"""--help at the top level and on every subcommand."""
import pytest


def test_top_level_help_lists_every_command(memview):
    for flag in ("--help", "-h", "help"):
        text = memview.out(flag)
        assert text.startswith("usage: memview <command>")
        for sub in ("hex", "dump", "stats", "info"):
            assert f"  {sub} " in text
        for words in ("'-' (standard input)", "changed\nsize while being read", "progress line", "--quiet"):
            assert words in text


def test_version(memview):
    assert memview.out("--version").startswith("memview 0.1.0 (libmemview 0.1.0)")


@pytest.mark.parametrize("sub,opts", [
    ("hex", ["--offset", "--length", "--group", "--width", "--quiet", "'-' (standard input)",
             "changed size while"]),
    ("dump", ["--format", "--offset", "--shape", "--slice", "--limit", "--csv", "--quiet",
              "'-' (standard input)", "changed size while"]),
    ("stats", ["--format", "--offset", "--shape", "--csv", "--threads", "--quiet", "'-' (standard input)",
               "changed size while", "progress line"]),
    ("info", ["--format", "--offset", "--shape", "--slice", "a pipe"]),
])
def test_subcommand_help(memview, sub, opts):
    text = memview.out(sub, "--help")
    assert text.startswith(f"usage: memview {sub} FILE")
    for opt in opts:
        assert opt in text
    assert memview.out(sub, "-h") == text
