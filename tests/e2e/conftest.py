"""Browser journeys: the system Chromium, driven by Playwright, against a live server.

Every page a journey visits is checked with axe-core (no serious or critical
violations), for console errors, and for requests to any other host. Every browser
test, journey or not, fails on a console error, an uncaught script error or a breach
of the content security policy at any moment, checked once more as it ends. With
``SCREENSHOT_DIR`` set (``make screenshots``) each page is also saved as a PNG, at
desktop and phone widths.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test's thread; the test still talks
# to the database synchronously, as Django tests do.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The journeys wait on the page (expect() retries until it holds), never for a fixed
# time: patient enough for a loaded machine, and no slower when the page is right.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PASSWORD = "a-long-test-password"

AXE_SERIOUS = """async () => {
  // axe-core measuring a page (a file input, say) adds a style of its own, which
  // the site's policy blocks: the checker's doing, not the site's (POLICY_WATCH).
  window.axeRunning = true;
  let result;
  try {
    result = await axe.run(document, {resultTypes: ["violations"]});
  } finally {
    // The policy's report of a blocked style comes as a task of its own: let it.
    await new Promise(resolve => setTimeout(resolve, 50));
    window.axeRunning = false;
  }
  const where = v => v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ");
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id}: ${v.help} (${where(v)})`);
}"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM} (set CHROMIUM_PATH)"
        if django_settings.REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def site(live_server, settings):
    """The live server's URL, which emails link to."""
    settings.SITE_URL = live_server.url
    return live_server.url


# Reports each breach of the content security policy (an inline style applied by a
# script, say) to the test, whichever page of the site it happens on.
POLICY_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (window.axeRunning) return;
  window.reportPolicyViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || location.href}:${event.lineNumber}` +
    (event.sample ? ` (${event.sample})` : "")
  );
});
"""


class Watch:
    """What goes wrong in a browser page: console errors, uncaught script errors,
    breaches of the content security policy, dialogs a script opens."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.refused_urls: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        page.on("dialog", self._on_dialog)
        page.context.expose_binding("reportPolicyViolation", self._on_violation)
        page.context.add_init_script(POLICY_WATCH)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        if message.location.get("url") in self.refused_urls:
            return  # the browser reports the 403/404 we asked for
        if message.location.get("url") == str(AXE):
            # axe-core measuring a page (a file input, say) sets a style of its own,
            # which the site's policy blocks: the checker's doing, not the site's.
            return
        self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _on_violation(self, source, text: str) -> None:
        self.problems.append(f"content security policy on {self.page.url}: {text}")

    def _on_dialog(self, dialog) -> None:
        self.problems.append(f"a script opened a dialog: {dialog.message}")
        dialog.dismiss()


@pytest.fixture(autouse=True)
def watch(request):
    """Every browser test's page, watched from its first moment; the test fails on
    anything reported that the test did not expect and clear."""
    if "page" not in request.fixturenames:
        yield None
        return
    page = request.getfixturevalue("page")
    watched = Watch(page)
    yield watched
    # Whatever a last click set off has its moment to report.
    if not page.is_closed():
        page.wait_for_timeout(100)
    assert not watched.problems, watched.problems


class Visit:
    """A person's browser on the site: navigates, and checks every page it lands on."""

    def __init__(self, page, base_url: str, journey: str, watch: Watch):
        self.page = page
        self.base_url = base_url
        self.journey = journey
        self.host = urlsplit(base_url).netloc
        self.problems = watch.problems
        self.refused_urls = watch.refused_urls
        self.shots = 0
        page.context.add_init_script(path=str(AXE))
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.host:
            self.problems.append(f"request to another host: {request.url}")

    def go(self, path: str, name: str | None = None):
        self.page.goto(self.url(path))
        return self.checked(name or path)

    def refused(self, path: str, name: str):
        """Open a page this person must not see: it answers 403 or 404."""
        url = self.url(path)
        self.refused_urls.add(url)
        response = self.page.goto(url)
        assert response.status in {403, 404}, f"{url} answered {response.status}"
        return self.checked(name)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def checked(self, name: str):
        """Check the page now shown: accessibility, errors, foreign requests."""
        page = self.page
        page.wait_for_load_state("load")
        violations = page.evaluate(AXE_SERIOUS)
        assert not violations, f"axe on {page.url}: {violations}"
        assert not self.problems, self.problems
        self._screenshot(name)
        return page

    def no_horizontal_scroll(self) -> bool:
        return self.page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.go("/accounts/login/", "login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.checked("after login")

    def log_out(self) -> None:
        # Waits for the logout's own answer (the site's or the admin's form: the
        # session ended, its cookie dropped), so that the next page opened is not
        # asked for while the logout is still on its way; not for the page it leads
        # to, whose loading is not what is tested.
        with self.page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and response.request.is_navigation_request()
                and urlsplit(response.url).path.endswith("/logout/")
            )
        ):
            self.page.get_by_role("button", name="Log out").click()

    def _screenshot(self, name: str) -> None:
        if not SCREENSHOT_DIR:
            return
        self.shots += 1
        folder = Path(SCREENSHOT_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page"
        stem = f"{self.journey}-{self.shots:02d}-{slug}"
        page = self.page
        original = page.viewport_size
        widths = (
            [("phone", PHONE)]
            if original == PHONE
            else [
                ("desktop", DESKTOP),
                ("phone", PHONE),
            ]
        )
        for label, size in widths:
            page.set_viewport_size(size)
            page.screenshot(
                path=folder / f"{stem}-{label}.png", full_page=True, caret="initial"
            )
        page.set_viewport_size(original)


@pytest.fixture
def visit(page, site, library, request, watch):
    journey = request.node.name.removeprefix("test_").split("[")[0]
    return Visit(page, site, journey, watch)


@pytest.fixture
def tasks(request, settings):
    """Background work as the deployment does it: a real worker on Redis when
    ``REDIS_URL`` is set (CI), tasks run in-process otherwise."""
    if os.environ.get("REDIS_URL") or settings.REQUIRE_SERVICES:
        return request.getfixturevalue("celery_worker")
    return None
