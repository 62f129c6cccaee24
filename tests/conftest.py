from __future__ import annotations

import pytest

from dyad.paths import shared_dir


@pytest.fixture(scope="session")
def shared():
    """../shared (corpus, gold, seed); tests that need it skip, saying why, where it is absent."""
    path = shared_dir()
    if not (path / "gold").is_dir():
        pytest.skip(f"needs the shared data folder at {path} (set DYAD_SHARED); absent here")
    return path


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say at the end, not only among the skips, that the browser tests did not run and why: a
    green run without them has not checked the dashboard in a browser."""
    reasons = sorted({_skip_reason(report) for report in terminalreporter.stats.get("skipped", [])
                      if _is_browser_test(report)})
    if reasons:
        terminalreporter.write_sep("-", "browser tests did not run", yellow=True, bold=True)
        for reason in reasons:
            terminalreporter.write_line(f"{reason}; then run `make test` again")


def _is_browser_test(report) -> bool:
    # A module skipped whole (no playwright) is reported by its collection, which has no keywords.
    return "browser" in getattr(report, "keywords", ()) or report.nodeid.split("::")[0].endswith("test_browser.py")


def _skip_reason(report) -> str:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")
