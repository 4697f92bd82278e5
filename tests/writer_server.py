"""LibreOffice Writer kept running for one test process: each request converts DOCX files to PDF
with Writer's own PDF export, as ``soffice --convert-to pdf`` does, without starting LibreOffice
again (about 1.4 s of processor time a start, against a few tenths for a short report).

Run by Debian's ``python3`` (package python3-uno, which LibreOffice's UNO bridge is built for),
never imported by the tests: ``oracles.Writer`` starts it and talks to it over its standard
input and output, one JSON line a request and one a reply:

    {"documents": ["/…/a.docx", …], "outdir": "/…"}  ->  {"made": ["/…/a.pdf", …], "errors": [...]}

Arguments: the LibreOffice profile's URL and the name of the pipe Writer listens on.
"""

import json
import os
import subprocess
import sys
import time

import uno  # Debian's python3-uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

#: Seconds LibreOffice may take to start listening (a first start sets up its profile).
START_SECONDS = 120


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main():
    profile, pipe = sys.argv[1], sys.argv[2]
    connect = f"pipe,name={pipe};urp;StarOffice.ComponentContext"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                               "--nologo", "--nodefault", "--nolockcheck",
                               f"-env:UserInstallation={profile}", f"--accept={connect}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:{connect}")
            break
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                print(json.dumps({"failed": "LibreOffice did not start listening"}), flush=True)
                return
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               context)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            made, errors = [], []
            for document in request["documents"]:
                stem = os.path.splitext(os.path.basename(document))[0]
                pdf = os.path.join(request["outdir"], stem + ".pdf")
                try:
                    loaded = desktop.loadComponentFromURL(
                        uno.systemPathToFileUrl(document), "_blank", 0,
                        (_property("Hidden", True),))
                    try:
                        loaded.storeToURL(uno.systemPathToFileUrl(pdf),
                                          (_property("FilterName", "writer_pdf_Export"),))
                    finally:
                        loaded.close(True)
                    made.append(pdf)
                except Exception as exc:  # noqa: BLE001 - reported, and the next one tried
                    errors.append(f"{document}: {type(exc).__name__}: {exc}")
            print(json.dumps({"made": made, "errors": errors}), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001,S110 - it is going either way
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
