#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The operator console in a real headless browser (Debian's chromium and
chromium-driver through python3-selenium), as a support agent uses it:

sign in with a token; search a license that reached its limit; see its four
machines and the refused fifth; release one machine with a reason; check the
audit record; restore onto the fifth machine with the `relic` CLI; see the
new placement on the page. Screenshots of the search, license and dashboard
pages go to ARTIFACTS and their paths are printed.

Adversaries (docs/threat-model.md): A6 signs in with a wrong token; A3 puts
markup into a reason and into a license "ID", which must show as text.

  console_test.py RELIC RELIC_LMS ARTIFACTS

Exits 0 on success, 1 on a failure, 77 (ctest: skipped) when the browser is
missing outside CI; with CI=true a missing browser is a failure.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def missing_browser(why):
    if os.environ.get("CI") == "true":
        print(f"console_test: FAIL: {why}; scripts/install-deps installs chromium, "
              "chromium-driver and python3-selenium", file=sys.stderr)
        sys.exit(1)
    print(f"console_test: skipped: {why} (run scripts/install-deps)", file=sys.stderr)
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    missing_browser("python3-selenium is not installed")
for path in (CHROMIUM, CHROMEDRIVER):
    if not os.access(path, os.X_OK):
        missing_browser(f"{path} is missing")


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


class World:
    """Machines, an issuer and a License Management Service in a temporary
    directory, driven through the relic and relic-lms binaries."""

    def __init__(self, relic, relic_lms, work):
        self.relic, self.relic_lms, self.work = relic, relic_lms, work
        self.env = dict(os.environ)
        for name in ("RELIC_HOME", "RELIC_MACHINE_ID_FILE"):
            self.env.pop(name, None)
        self.env["XDG_DATA_HOME"] = os.path.join(work, "xdg")
        self.env["RELIC_TRUST_DIR"] = os.path.join(work, "trust.d")
        os.makedirs(self.env["RELIC_TRUST_DIR"])
        self.lms = None

    def run(self, binary, *args, machine=None, ok=True):
        env = dict(self.env)
        if machine:
            env["RELIC_HOME"] = os.path.join(self.work, machine, "home")
            env["RELIC_MACHINE_ID_FILE"] = os.path.join(self.work, machine, "machine-id")
        r = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=120)
        if ok and r.returncode != 0:
            raise Failure(f"{os.path.basename(binary)} {' '.join(args)} exited {r.returncode}: "
                          f"{r.stderr.strip()}")
        return r

    def new_machine(self, name):
        os.makedirs(os.path.join(self.work, name))
        with open(os.path.join(self.work, name, "machine-id"), "w") as f:
            f.write(secrets.token_hex(16) + "\n")
        self.run(self.relic, "init", machine=name)
        return json.loads(self.run(self.relic, "machine", "--json", machine=name).stdout)

    def start_service(self, tokens, issuer_key):
        policy = os.path.join(self.work, "policy.json")
        with open(policy, "w") as f:
            f.write('{"max_machines": 4, "max_new_machines_per_day": 4, '
                    '"refusal_url_prefix": "https://support.example/restore-limits", '
                    '"issuers": ["' + issuer_key + '"]}')
        self.lms_log = open(os.path.join(self.work, "lms.log"), "w+")
        self.lms = subprocess.Popen(
            [self.relic_lms, "serve", "--home", os.path.join(self.work, "lms"), "--listen",
             "127.0.0.1:0", "--policy", policy, "--admin-tokens", tokens, "--admin-listen",
             "127.0.0.1:0"], stderr=self.lms_log, env=self.env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            self.lms_log.seek(0)
            text = self.lms_log.read()
            service = re.search(r"relic-lms: serving on (http://\S+)", text)
            console = re.search(r"relic-lms: operator console on (http://\S+)", text)
            if service and console:
                return service.group(1), console.group(1)
            if self.lms.poll() is not None:
                break
            time.sleep(0.1)
        raise Failure("relic-lms serve did not start: " + text)

    def stop(self):
        if self.lms and self.lms.poll() is None:
            self.lms.terminate()
            self.lms.wait(timeout=20)


def set_up(world):
    """A license on four machines (the source and three restores) and a
    refused fifth; returns what the test looks for."""
    w = world
    issuer = os.path.join(w.work, "issuer")
    w.run(w.relic, "issuer", "init", "--issuer", issuer)
    song = os.path.join(w.work, "song.wma")
    with open(song, "wb") as f:
        f.write(os.urandom(4096))
    kid = json.loads(w.run(w.relic, "package", song, "-o", song + ".rpk", "--issuer", issuer,
                           "--json").stdout)["kid"]
    source = w.new_machine("a")
    issuer_key = json.loads(w.run(w.relic, "issuer", "show", "--issuer", issuer,
                                  "--json").stdout)["public_key"]
    with open(os.path.join(w.env["RELIC_TRUST_DIR"], "issuer.key"), "w") as f:
        f.write(issuer_key + "\n")
    w.run(w.relic, "trust", "add", issuer_key, machine="a")
    lms_key = json.loads(w.run(w.relic_lms, "init", "--home", os.path.join(w.work, "lms"),
                               "--json").stdout)["public_key"]
    token = json.loads(w.run(w.relic_lms, "admin-token", "--name", "alice", "--json").stdout)
    tokens = os.path.join(w.work, "admin-tokens")
    with open(tokens, "w") as f:
        f.write("# the support desk\n" + token["line"] + "\n")
    service_url, console_url = w.start_service(tokens, issuer_key)
    lic = os.path.join(w.work, "song.rlic")
    w.run(w.relic, "issue", "--issuer", issuer, "--kid", kid, "--machine", source["public_key"],
          "--allow-backup", "--lms-key", lms_key, "--lms-url", service_url, "-o", lic)
    added = json.loads(w.run(w.relic, "license", "add", lic, "--json", machine="a").stdout)
    license_id = added["license_id"] if isinstance(added, dict) else added[0]["license_id"]
    usb = os.path.join(w.work, "usb")
    os.makedirs(usb)
    w.run(w.relic, "backup", usb, machine="a")
    machines = {"a": source["machine_id"]}
    for name in ("b", "c", "d"):
        machines[name] = w.new_machine(name)["machine_id"]
        w.run(w.relic, "restore", usb, machine=name)
    machines["e"] = w.new_machine("e")["machine_id"]
    refused = w.run(w.relic, "restore", usb, machine="e", ok=False)
    check(refused.returncode == 34, f"the fifth machine was not refused: {refused.stderr}")
    ref = re.search(r"machine-limit\?ref=(rf[A-Za-z0-9_-]{16})", refused.stdout + refused.stderr)
    check(ref is not None, "the refusal names no reference: " + refused.stderr)
    return {"token": token["token"], "console": console_url, "license": license_id,
            "machines": machines, "usb": usb, "reference": ref.group(1)}


def browser(user_data_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                f"--user-data-dir={user_data_dir}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def texts(driver, selector):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)]


def drive(driver, world, s, artifacts):
    wait = WebDriverWait(driver, 15)
    visible = lambda id_: wait.until(ec.visibility_of_element_located((By.ID, id_)))
    shots = []

    def shot(name):
        path = os.path.join(artifacts, f"console-{name}.png")
        check(driver.save_screenshot(path), f"no screenshot {path}")
        shots.append(path)

    driver.get(s["console"])
    # A6: a wrong token signs nobody in.
    visible("token").send_keys("rlat_" + secrets.token_urlsafe(32))
    driver.find_element(By.ID, "login-button").click()
    wait.until(lambda d: "not in the console's tokens file" in d.find_element(By.ID, "login-error").text)
    check(not driver.find_element(By.ID, "nav").is_displayed(), "signed in with a wrong token")
    driver.find_element(By.ID, "token").clear()
    driver.find_element(By.ID, "token").send_keys(s["token"])
    driver.find_element(By.ID, "login-button").click()
    wait.until(lambda d: d.find_element(By.ID, "operator").text == "signed in as alice")
    cookies = {c["name"]: c for c in driver.get_cookies()}
    check(cookies["relic_admin"]["httpOnly"] and cookies["relic_admin"]["sameSite"] == "Strict",
          f"session cookie not HttpOnly/SameSite=Strict: {cookies}")
    check(driver.execute_script("return document.cookie") == "", "the page's JS can read the cookie")

    # Search by the license ID, then by the refusal reference the user saw.
    visible("search-input").send_keys(s["license"])
    driver.find_element(By.ID, "search-button").click()
    wait.until(lambda d: s["license"] in texts(d, "#search-licenses a"))
    shot("search")
    search_input = driver.find_element(By.ID, "search-input")
    search_input.clear()
    search_input.send_keys(s["reference"])
    driver.find_element(By.ID, "search-button").click()
    wait.until(lambda d: s["machines"]["e"] in d.find_element(By.ID, "search-refusals").text)
    check(texts(driver, "#search-licenses a") == [s["license"]], "the reference finds the license")

    # The license: four machines, the source marked, and the refused fifth.
    driver.find_element(By.LINK_TEXT, s["license"]).click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#placements tbody tr button")) == 4)
    rows = driver.find_element(By.ID, "placements").text
    for name in "abcd":
        check(s["machines"][name] in rows, f"machine {name} is not on the license page")
    check(s["machines"]["e"] not in rows, "the refused machine shows as placed")
    source_row = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#placements tbody tr")
                  if s["machines"]["a"] in r.text][0]
    check("source" in source_row, "the source machine is not marked")
    refusals = driver.find_element(By.ID, "refusals").text
    check(s["machines"]["e"] in refusals and "machine-limit" in refusals and s["reference"] in refusals,
          "the refused fifth machine is not on the license page: " + refusals)
    check("On 4 of at most 4 machines" in driver.find_element(By.ID, "license-limits").text,
          "the policy's limit is not shown")
    shot("license")

    # Release machine b with a reason that carries markup (A3).
    reason = 'ticket 42: <img src=x onerror="window.pwned=1"><b>stolen</b> laptop'
    driver.find_element(By.CSS_SELECTOR, f'button[data-machine="{s["machines"]["b"]}"]').click()
    visible("release-reason").send_keys(reason)
    driver.find_element(By.ID, "release-submit").click()
    visible("release-confirm")
    check(s["machines"]["b"] in driver.find_element(By.ID, "release-question").text,
          "the confirmation does not name the machine")
    driver.find_element(By.ID, "release-confirm").click()
    wait.until(lambda d: "Released machine " + s["machines"]["b"] in d.find_element(By.ID, "release-message").text)
    audit = driver.find_element(By.ID, "audit")
    wait.until(lambda d: reason in audit.text)
    check("alice" in audit.text and "release" in audit.text, "the audit record lacks operator or action")
    check(not audit.find_elements(By.CSS_SELECTOR, "img, b"), "the reason's markup became elements")
    check(driver.execute_script("return window.pwned === undefined"), "the reason's markup ran")
    check(s["machines"]["b"] not in driver.find_element(By.ID, "placements").text,
          "the released machine is still shown")
    trail = json.loads(world.run(world.relic_lms, "audit", "--home", os.path.join(world.work, "lms"),
                                 "--json").stdout)["rows"]
    check(len(trail) == 1 and trail[0]["reason"] == reason and trail[0]["operator"] == "alice",
          f"the CLI's audit trail differs: {trail}")

    # The fifth machine restores now, from the CLI; the page shows it.
    world.run(world.relic, "restore", s["usb"], machine="e")
    driver.refresh()
    wait.until(lambda d: s["machines"]["e"] in d.find_element(By.ID, "placements").text)
    check(len(driver.find_elements(By.CSS_SELECTOR, "#placements tbody tr button")) == 4,
          "the license is not on four machines after the restore")

    # A3: a license "ID" made of markup shows as text.
    driver.get(s["console"] + "#/license/" + "<img src=x onerror=window.pwned=2>")
    wait.until(lambda d: "license ID" in d.find_element(By.ID, "license-error").text)
    check(driver.find_element(By.ID, "license-id").text == "<img src=x onerror=window.pwned=2>",
          "the markup ID is not shown as text")
    check(driver.execute_script("return window.pwned === undefined"), "the ID's markup ran")

    # The dashboard: a plot with the day's grants and refusals.
    driver.find_element(By.ID, "nav-dashboard").click()
    visible("activity-plot")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#activity-plot rect.plot-grants"))
    check(driver.find_elements(By.CSS_SELECTOR, "#activity-plot rect.plot-refusals"),
          "the plot shows no refusal")
    ledger = driver.find_element(By.ID, "ledger-size").text
    check("placements 4" in ledger and "refusals kept 1" in ledger and "audit records 1" in ledger,
          "ledger size: " + ledger)
    check("machine-limit" in driver.find_element(By.ID, "reasons").text, "no refusal reason")
    check("requests answered" in driver.find_element(By.ID, "latency").text, "no latency")
    shot("dashboard")

    driver.find_element(By.ID, "logout-button").click()
    visible("token")
    driver.refresh()
    visible("token")
    return shots


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    relic, relic_lms, artifacts = sys.argv[1:]
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="relic-console-")
    world = World(relic, relic_lms, work)
    driver = None
    try:
        s = set_up(world)
        driver = browser(os.path.join(work, "chromium-profile"))
        shots = drive(driver, world, s, artifacts)
        for path in shots:
            print(f"console_test: screenshot {path}")
        print("console_test: OK")
        return 0
    except Failure as e:
        print(f"console_test: FAIL: {e}", file=sys.stderr)
        if driver is not None:
            path = os.path.join(artifacts, "console-failure.png")
            driver.save_screenshot(path)
            print(f"console_test: screenshot at the failure: {path}", file=sys.stderr)
        if world.lms is not None:
            world.lms_log.seek(0)
            print(world.lms_log.read()[-4000:], file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        world.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
