"""Runs rancher/gdapi-python, unmodified, against the Rancher emulator.

Not part of the test suite: docs/VENDORS.md says how to run it. Needs a checkout of gdapi-python
on PYTHONPATH (it imports requests and six), the emulators running (`npm run emulators`) and
REQUESTS_CA_BUNDLE pointing at the demo CA:

  PYTHONPATH=<gdapi-python> REQUESTS_CA_BUNDLE=.data/tls/ca.pem \\
    python3 scripts/vendor-clients/rancher_gdapi_check.py https://127.0.0.1:9445

Bootstraps a client at the API root and at an environment's URL, as the rancher CLI is pointed
at either, and walks an environment API key through its lifecycle.
"""

import sys
import time

import gdapi

ROOT = sys.argv[1].rstrip("/") + "/v2-beta"
ACCESS, SECRET = "0F2C4A6B8D1E3F5A7C9B", "keywardDemoRancherAdminSecretKey2xq7Zr5W"


def step(name, value):
    print("%-34s %s" % (name, value))


def settle(client, key, state):
    for _ in range(100):
        key = client.reload(key)
        if key.state == state:
            return key
        time.sleep(0.05)
    raise SystemExit("key %s never reached %s (is %s)" % (key.id, state, key.state))


root = gdapi.Client(url=ROOT, access_key=ACCESS, secret_key=SECRET)
step("Client(url=root) types", sorted(root.schema.types))
step("list_project()", [p.name for p in root.list_project()])
step("apiKey filters", sorted(root.schema.types["apiKey"].collectionFilters.__dict__))

project = root.by_id_project("1a5")
schemas = project.schemas()  # the project's links.schemas
step("project.schemas()", [s.id for s in schemas])

env = gdapi.Client(url=ROOT + "/projects/1a5", access_key=ACCESS, secret_key=SECRET)
step("Client(url=project) apiKey list", env.schema.types["apiKey"].links.collection)
key = env.create_api_key(name="gdapi-check", description="made by gdapi-python")
step("create_api_key()", (key.id, key.state, bool(key.secretValue)))
key = settle(env, key, "active")
key = env.update(key, description="renamed by gdapi-python")
step("update()", key.description)
key = settle(env, key, "active")
key.deactivate()
key = settle(env, key, "inactive")
step("deactivate()", key.state)
env.delete(key)
key = settle(env, key, "removed")
step("delete()", key.state)
listed = [k.id for k in env.list_api_key(name="gdapi-check")]
step("list_api_key(name=…) after delete", listed)
print("gdapi-python: all steps passed")
