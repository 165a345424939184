"""--help at the top level and on every subcommand."""
import pytest


def test_top_level_help_lists_every_command(memview):
    for flag in ("--help", "-h", "help"):
        text = memview.out(flag)
        assert text.startswith("usage: memview <command>")
        for sub in ("hex", "dump", "stats", "info"):
            assert f"  {sub} " in text


def test_version(memview):
    assert memview.out("--version").startswith("memview 0.1.0 (libmemview 0.1.0)")


@pytest.mark.parametrize("sub,opts", [
    ("hex", ["--offset", "--length", "--group", "--width"]),
    ("dump", ["--format", "--offset", "--shape", "--slice", "--limit", "--csv"]),
    ("stats", ["--format", "--offset", "--shape", "--csv"]),
    ("info", ["--format", "--offset", "--shape", "--slice"]),
])
def test_subcommand_help(memview, sub, opts):
    text = memview.out(sub, "--help")
    assert text.startswith(f"usage: memview {sub} FILE")
    for opt in opts:
        assert opt in text
    assert memview.out(sub, "-h") == text
