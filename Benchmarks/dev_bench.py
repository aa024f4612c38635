"""The inner loop, measured: edit -> new answer served by `hoist dev`, and edit -> code updated on Lambda (moto)
by `hoist dev --deploy`, on a project from `hoist init --template hello`.

Run by scripts/bench-dev. Each edit changes the greeting in the handler (saved as editors save: a new file
renamed over the old); "served" is when an HTTP request polled every 10 ms first gets the new greeting,
"updated" when hoist dev prints that update-code finished. Peers cannot run on this machine (no Rust, no
Node); their figures are the published ones from ../shared/anchors.md, printed beside ours for reference.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HOIST, EDITS = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

moto = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/moto_server.py")], stdout=subprocess.PIPE, text=True)
ready = json.loads(moto.stdout.readline())
env = dict(os.environ, AWS_ENDPOINT_URL=ready["endpoint"], AWS_ACCESS_KEY_ID=ready["accessKeyId"], AWS_SECRET_ACCESS_KEY=ready["secretAccessKey"],
           AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true")
project = os.path.join(tempfile.mkdtemp(prefix="hoist-dev-bench-"), "loop-api")
os.makedirs(project)


def hoist(*arguments):
    subprocess.run([HOIST, *arguments], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)


hoist("init", "--runtime-package", ROOT)
started = time.monotonic()
hoist("deploy")
first_deploy = time.monotonic() - started
handler = os.path.join(project, "Sources/Function/Function.swift")


def save(greeting):
    with open(handler, encoding="utf-8") as source:
        text = source.read()
    start = text.index('?? "') + 4
    text = text[:start] + greeting + text[text.index('"', start):]
    with open(handler + ".tmp", "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(handler + ".tmp", handler)


dev = subprocess.Popen([HOIST, "dev", "--port", "0", "--deploy"], cwd=project, env=env, stdout=subprocess.PIPE, text=True)
lines = []
arrived = threading.Condition()


def read():
    for line in dev.stdout:
        with arrived:
            lines.append((time.monotonic(), line.rstrip("\n")))
            arrived.notify_all()


threading.Thread(target=read, daemon=True).start()


def wait_for(prefix, after=0):
    with arrived:
        while True:
            for index, (at, line) in enumerate(lines[after:], after):
                if line.startswith(prefix):
                    return index, at, line
            if dev.poll() is not None:
                sys.exit(f"hoist dev exited: {lines}")
            arrived.wait(60)


_, _, serving = wait_for("serving ")
url = serving.split(" ")[1] + "/bench"
wait_for("unchanged: ")


def message():
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())["message"]


served, updated = [], []
for edit in range(EDITS):
    greeting = f"edit {edit} at {time.time()}"
    mark = len(lines)
    saved = time.monotonic()
    save(greeting)
    while message() != greeting:
        time.sleep(0.01)
    served.append(time.monotonic() - saved)
    _, at, _ = wait_for("updated ", mark)
    updated.append(at - saved)
    time.sleep(0.5)

dev.terminate()
dev.wait(30)
hoist("destroy", "--yes")
moto.terminate()

print(f"\n## hoist dev on the hello project ({EDITS} one-line edits, {os.cpu_count()} cores)\n")
print("| loop | median | min | max | target |")
print("|---|---|---|---|---|")
print(f"| edit -> new answer served by hoist dev | {statistics.median(served):.2f} s | {min(served):.2f} s | {max(served):.2f} s | <= 3 s |")
print(f"| edit -> update-code done on moto (hoist dev --deploy) | {statistics.median(updated):.2f} s | {min(updated):.2f} s | {max(updated):.2f} s | |")
print(f"| first deploy (build from scratch included), for scale | {first_deploy:.1f} s | | | |")
print("\nPublished peer figures (../shared/anchors.md; not run here):\n")
print("| peer | edit -> live |")
print("|---|---|")
print("| cargo lambda watch | a debug rebuild behind a fixed 3 s throttle |")
print("| cdk watch (hotswap) | 8.11 s, 2.54 s of it the deploy |")
print("| sam sync --watch | skips equal uploads; no published figure |")
