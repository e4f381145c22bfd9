"""The content security policy in a real browser: the watch every browser test runs
under (``tests/e2e/conftest.py``) sees a breach, and htmx's in-place updates make
none."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# An element a script has styled (a Bootstrap dropdown or collapse, a drag), then
# replaced in place by htmx with new content under the same id.
SWAP_A_STYLED_ELEMENT = """() => {
  const old = document.createElement("div");
  old.id = "swapped";
  old.textContent = "before";
  document.querySelector("main").append(old);
  old.style.height = "2rem";
  htmx.swap("#swapped", '<div id="swapped">after</div>', {swapStyle: "outerHTML"});
}"""


def _reported(page, watch) -> list[str]:
    """What the watch has heard once the page's reports have had their moment."""
    page.wait_for_timeout(500)
    problems = list(watch.problems)
    watch.problems.clear()
    return problems


def test_the_watch_reports_a_breach_of_the_policy(page, site, watch):
    page.goto(site + "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    problems = _reported(page, watch)
    assert any("style-src-attr blocked inline" in p for p in problems), problems
    assert any("Applying inline style violates" in p for p in problems), problems


def test_an_in_place_update_applies_no_inline_style(page, site, watch):
    page.goto(site + "/")
    page.evaluate(SWAP_A_STYLED_ELEMENT)
    page.wait_for_function("document.querySelector('#swapped').textContent === 'after'")
    assert _reported(page, watch) == []
