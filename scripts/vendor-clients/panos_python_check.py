"""Runs PaloAltoNetworks/pan-os-python, unmodified, against the PAN-OS emulator.

Not part of the test suite (PyPI is not a dependency of Keyward): docs/VENDORS.md says how to
run it. Needs checkouts of pan-os-python and pan-python on PYTHONPATH, the emulators running
(`npm run emulators`) and SSL_CERT_FILE pointing at the demo CA:

  PYTHONPATH=<pan-os-python>:<pan-python>/lib SSL_CERT_FILE=.data/tls/ca.pem \\
    python3 scripts/vendor-clients/panos_python_check.py 127.0.0.1 9441

Every step prints what the client got; any exception fails the run.
"""

import json
import ssl
import sys
import urllib.request

from panos.device import Administrator
from panos.firewall import Firewall, FirewallCommit

HOST, PORT = sys.argv[1], int(sys.argv[2])
PASSWORD = "Keyward-Demo-1"


def control(path, body=None):
    """The emulator's own control endpoint: short commit jobs so the run takes seconds."""
    ctx = ssl.create_default_context()
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        "https://%s:%d%s" % (HOST, PORT, path),
        data=data,
        method="PUT" if body is not None else "GET",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, context=ctx) as r:
        return json.loads(r.read())


def step(name, value):
    print("%-34s %s" % (name, value))


def committed(fw, **kw):
    result = fw.commit(sync=True, **kw)
    if not result or not result["success"]:
        raise SystemExit("commit failed: %r" % (result,))
    return result


previous = control("/__emulator/commit")
control("/__emulator/commit", {"minMs": 200, "maxMs": 400})
try:
    fw = Firewall(HOST, "admin", PASSWORD, port=PORT)
    info = fw.refresh_system_info()
    step("refresh_system_info()", tuple(info))
    step("content_version, multi_vsys", (fw.content_version, fw.multi_vsys))
    step("refresh_version()", fw.refresh_version())
    step("clock()", fw.clock().isoformat())
    step("show_system_resources()", fw.show_system_resources())

    phash = fw.request_password_hash("Py-Check-Admin-1")
    admin = Administrator("py-check-admin", role_profile="api-readonly", password_hash=phash)
    fw.add(admin)
    admin.create()  # set at /config/mgt-config/users with an <entry>
    result = committed(fw)
    step("create() + commit(sync=True)", (result["result"], result["jobid"], result["starttime"], result["endtime"]))

    admin.role_profile = "api-ops"
    admin.apply()  # edit at the entry's own xpath
    step("apply() + commit", committed(fw)["result"])

    # A password-less administrator set and deleted again must not poison later commits.
    ghost = Administrator("py-check-ghost", superuser=True)
    fw.add(ghost)
    ghost.create()
    ghost.delete()
    admin.role_profile = "api-readonly"
    admin.apply()
    step("set+delete ghost, then commit", committed(fw)["result"])

    ghost2 = Administrator("py-check-ghost", superuser=True)
    fw.add(ghost2)
    ghost2.create()
    fw.revert_to_running_configuration()
    step("revert_to_running_configuration()", fw.commit(sync=True))

    admin.role_profile = "api-ops"
    admin.apply()
    partial = committed(fw, cmd=FirewallCommit(admins=["admin"]))
    step("partial commit (FirewallCommit)", partial["result"])

    jobs = fw.op("show jobs all", xml=True)
    step("show jobs all", "%d jobs" % jobs.decode().count("<job>"))

    admin.delete()
    step("delete() + commit", committed(fw)["result"])
finally:
    control("/__emulator/commit", previous)
print("pan-os-python: all steps passed")
