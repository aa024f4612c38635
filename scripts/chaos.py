#!/usr/bin/env python3
"""Chaos trials for hoist's convergence promise: faults, then a clean run, then an independent count.

Against one moto server in real-AWS mode (scripts/real_aws.py, delays x --scale) with fault injection
(scripts/fault_injection.py), each trial runs the real `hoist` binary:

- fault trial (seed s): `deploy` with failed answers (--error rate: 500, 503 or throttling, not applied) and
  lost answers (--drop rate: applied, then the connection closed before the answer); then a clean `deploy`;
  then `destroy` with faults and a clean `destroy`.
- kill trial (seed s): `deploy` killed with SIGKILL at a random moment; a clean `deploy`; `destroy` killed the
  same way; a clean `destroy`.

After each clean deploy boto3 (not hoist) counts what exists for the environment: duplicates (more than one
API of its name and tags, integration, `$default` route, or permission statement), orphans (anything tagged
for the environment or hanging off its API that the state file does not name), whether `plan` is empty,
whether the state file and its backup are whole JSON, and temp files left in state/. After each clean
destroy, everything of the environment must be gone. One line per trial, then a summary; exit 1 unless
every trial converged with 0 duplicates, 0 orphans and every file valid. Bounded: each hoist run has a
time limit, and the trial count is fixed.
"""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = "chaos"
ENV = "trial"
NAME = f"{PROJECT}-{ENV}"
RUN_LIMIT = 300  # seconds one hoist command may take before the trial counts it as hung
BUILD_LIMIT = 3600  # the first deploy may build the function from scratch (a fresh clone: minutes on 2 cores)


class Moto:
    def __init__(self, scale):
        arguments = [os.path.join(ROOT, ".venv/bin/python3"), os.path.join(ROOT, "scripts/moto_server.py"), "--realistic", str(scale)]
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = json.loads(self.process.stdout.readline())
        self.endpoint, self.key, self.secret = ready["endpoint"], ready["accessKeyId"], ready["secretAccessKey"]
        kw = dict(endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id=self.key, aws_secret_access_key=self.secret)
        self.iam, self.lam, self.gw, self.ddb, self.logs = (boto3.client(s, **kw) for s in ("iam", "lambda", "apigatewayv2", "dynamodb", "logs"))

    def faults(self, error, drop, seed):
        request = urllib.request.Request(f"{self.endpoint}/hoist-control/faults", data=json.dumps({"error": error, "drop": drop, "seed": seed}).encode(), method="POST")
        return json.load(urllib.request.urlopen(request))

    def stop(self):
        self.process.terminate()
        self.process.wait()


def hoist(binary, config, environment, *arguments, kill_after=None, limit=RUN_LIMIT):
    """Runs hoist from the repository root; returns (outcome text, exit status). A plan's outcome is what it printed."""
    command = [binary, *arguments, "--config", config, "--env", ENV]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if kill_after is not None:
            try:
                process.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return "hung", -1
    if process.returncode == -signal.SIGKILL:
        return "killed", process.returncode
    if process.returncode == 0:
        return "ok", 0
    if arguments[0] == "plan" and process.returncode == 2:
        return " | ".join(line.strip() for line in out.splitlines() if not line.startswith("  ok")), 2
    last = [line for line in err.splitlines() if line.startswith("error:")]
    return (last[-1] if last else err.strip().splitlines()[-1] if err.strip() else f"exit {process.returncode}"), process.returncode


def state_files():
    state = os.path.join(ROOT, "state", f"{NAME}.json")
    valid = True
    recorded = None
    for path in (state, state + ".backup"):
        if os.path.exists(path):
            try:
                with open(path) as handle:
                    document = json.load(handle)
                if path == state:
                    recorded = document
                if os.stat(path).st_mode & 0o077:
                    valid = False
            except ValueError:
                valid = False
    temporary = glob.glob(os.path.join(ROOT, "state", f".{NAME}.json*.tmp"))
    return valid, recorded, len(temporary)


def tagged(tags):
    return (tags or {}).get("hoist:project") == PROJECT and (tags or {}).get("hoist:env") == ENV


def count(moto, recorded):
    """Duplicates and orphans of the environment, read with boto3 (with its own retries, faults off)."""
    duplicates, orphans = [], []
    apis = [a for a in moto.gw.get_apis()["Items"] if a["Name"] == f"{NAME}-api" and tagged(a.get("Tags"))]
    resources = (recorded or {}).get("resources", {})
    recorded_api = resources.get("api", {}).get("id")
    if len(apis) > 1:
        duplicates.append(f"{len(apis)} APIs")
    orphans += [f"api {a['ApiId']}" for a in apis if a["ApiId"] != recorded_api]
    for api in apis:
        integrations = moto.gw.get_integrations(ApiId=api["ApiId"])["Items"]
        routes = [r for r in moto.gw.get_routes(ApiId=api["ApiId"])["Items"] if r["RouteKey"] == "$default"]
        if api["ApiId"] == recorded_api:
            if len(integrations) > 1:
                duplicates.append(f"{len(integrations)} integrations")
            if len(routes) > 1:
                duplicates.append(f"{len(routes)} $default routes")
            recorded_integration = resources.get("integration", {}).get("id")
            orphans += [f"integration {i['IntegrationId']}" for i in integrations if i["IntegrationId"] != recorded_integration]
    try:
        policy = json.loads(moto.lam.get_policy(FunctionName=NAME)["Policy"])
        statements = [s for s in policy["Statement"] if s.get("Sid") == "AllowAPIGateway"]
        if len(statements) > 1:
            duplicates.append(f"{len(statements)} permission statements")
    except moto.lam.exceptions.ResourceNotFoundException:
        pass
    return duplicates, orphans


def leftovers(moto):
    """What of the environment still exists after a clean destroy."""
    left = []
    if any(r["RoleName"] == f"{NAME}-role" for r in moto.iam.list_roles()["Roles"]):
        left.append("role")
    if any(f["FunctionName"] == NAME for f in moto.lam.list_functions()["Functions"]):
        left.append("function")
    tables = moto.ddb.list_tables()["TableNames"]
    if f"{NAME}-table" in tables and moto.ddb.describe_table(TableName=f"{NAME}-table")["Table"]["TableStatus"] != "DELETING":
        left.append("table")
    groups = [g["logGroupName"] for g in moto.logs.describe_log_groups()["logGroups"]]
    left += [g for g in groups if g in (f"/aws/lambda/{NAME}", f"/aws/apigateway/{NAME}")]
    left += [f"api {a['ApiId']}" for a in moto.gw.get_apis()["Items"] if tagged(a.get("Tags"))]
    return left


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="fault trials")
    parser.add_argument("--kills", type=int, default=20, help="kill -9 trials")
    parser.add_argument("--error", type=float, default=0.15, help="rate of failed answers (500/503/throttling, not applied)")
    parser.add_argument("--drop", type=float, default=0.05, help="rate of lost answers (applied, connection closed)")
    parser.add_argument("--scale", type=float, default=0.1, help="real-AWS mode's delays times this")
    parser.add_argument("--hoist", default=os.path.join(ROOT, ".build/debug/hoist"))
    parser.add_argument("--first-seed", type=int, default=1)
    args = parser.parse_args()

    moto = Moto(args.scale)
    workdir = tempfile.mkdtemp(prefix="hoist-chaos-")
    # A copy: a rebuild while the trials run must not change (or block) the binary under test.
    binary = os.path.join(workdir, "hoist")
    shutil.copy2(args.hoist, binary)
    args.hoist = binary
    config = os.path.join(workdir, "hoist.yml")
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", workdir), "AWS_ENDPOINT_URL": moto.endpoint,
        "AWS_ACCESS_KEY_ID": moto.key, "AWS_SECRET_ACCESS_KEY": moto.secret, "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
    }
    for state in glob.glob(os.path.join(ROOT, "state", f"{NAME}.json*")) + glob.glob(os.path.join(ROOT, "state", f".{NAME}.json*")):
        os.remove(state)
    results = []
    try:
        subprocess.run([args.hoist, "init", "--project", PROJECT, "--config", config], cwd=ROOT, env=environment, check=True, capture_output=True)
        # The package is built (and cached) first, outside every timing and limit of the trials.
        outcome, status = hoist(args.hoist, config, environment, "plan", limit=BUILD_LIMIT)
        if status not in (0, 2):
            sys.exit(f"error: packaging the function before the trials failed: {outcome}")
        # How long each command takes undisturbed: kill trials strike at a random moment within it.
        typical = {}
        for command, extra in (("deploy", []), ("destroy", ["--yes"])):
            started = time.monotonic()
            outcome, status = hoist(args.hoist, config, environment, command, *extra)
            typical[command] = time.monotonic() - started
            if status != 0:
                sys.exit(f"error: the clean {command} before the trials failed: {outcome}")
        print(f"undisturbed: deploy {typical['deploy']:.1f} s, destroy {typical['destroy']:.1f} s", flush=True)
        trials = [("faults", args.first_seed + i) for i in range(args.seeds)] + [("kill", args.first_seed + i) for i in range(args.kills)]
        print(f"{'trial':<12} {'deploy':<34} {'destroy':<34} converged  dup  orphans  files  tmp", flush=True)
        for kind, seed in trials:
            draw = random.Random(seed)
            first = {}
            for command in ("deploy", "destroy"):
                extra = ["--yes"] if command == "destroy" else []
                if kind == "faults":
                    moto.faults(args.error, args.drop, seed if command == "deploy" else seed + 100_000)
                    outcome, _ = hoist(args.hoist, config, environment, command, *extra)
                    injected = moto.faults(0, 0, 0)
                    first[command] = f"{outcome} ({injected['error']} failed, {injected['drop']} lost)"
                else:
                    # Within the undisturbed run's time, short of its very end, so most kills land mid-run.
                    moment = draw.uniform(0.05, 0.8 * typical[command])
                    outcome, _ = hoist(args.hoist, config, environment, command, *extra, kill_after=moment)
                    first[command] = f"{outcome} at {moment:.2f} s"
                clean, status = hoist(args.hoist, config, environment, command, *extra)
                if command == "deploy":
                    valid, recorded, temporary = state_files()
                    duplicates, orphans = count(moto, recorded)
                    plan_outcome, plan_status = hoist(args.hoist, config, environment, "plan", "--detailed-exitcode")
                    converged = status == 0 and plan_status == 0
                    why = [] if converged else [f"clean deploy: {clean}", f"plan --detailed-exitcode: {plan_outcome} (exit {plan_status})"]
                else:
                    left = leftovers(moto)
                    destroyed = status == 0 and not left and not os.path.exists(os.path.join(ROOT, "state", f"{NAME}.json"))
                    why += [] if destroyed else [f"clean destroy: {clean}", f"left: {left}"]
                    valid_after, _, temporary_after = state_files()
            result = {
                "trial": f"{kind} {seed}", "deploy": first["deploy"], "destroy": first["destroy"], "converged": converged and destroyed,
                "duplicates": duplicates, "orphans": orphans + [f"left after destroy: {x}" for x in left], "valid": valid and valid_after,
                "temporary": temporary + temporary_after,
            }
            results.append(result)
            print(f"{result['trial']:<12} {result['deploy'][:33]:<34} {result['destroy'][:33]:<34} {'yes' if result['converged'] else 'NO':<10} "
                  f"{len(duplicates):<4} {len(result['orphans']):<8} {'valid' if result['valid'] else 'BAD':<6} {result['temporary']}", flush=True)
            for command in ("deploy", "destroy"):
                if first[command].startswith("error:"):
                    print(f"    first {command}: {first[command]}", flush=True)
            for detail in duplicates + result["orphans"] + why:
                print(f"    {detail}", flush=True)
    finally:
        moto.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    converged = sum(r["converged"] for r in results)
    duplicates = sum(len(r["duplicates"]) for r in results)
    orphans = sum(len(r["orphans"]) for r in results)
    valid = sum(r["valid"] for r in results)
    temporary = sum(r["temporary"] for r in results)
    print(f"chaos: {converged}/{len(results)} converged, {duplicates} duplicates, {orphans} orphans, "
          f"{valid}/{len(results)} with valid files, {temporary} temp files left "
          f"(error rate {args.error}, drop rate {args.drop}, real-AWS scale {args.scale})")
    ok = converged == valid == len(results) and duplicates == orphans == temporary == 0
    if not ok:
        failed = [r for r in results if not r["converged"] or r["duplicates"] or r["orphans"] or not r["valid"] or r["temporary"]]
        print(f"chaos failed: {json.dumps(failed)}", file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
