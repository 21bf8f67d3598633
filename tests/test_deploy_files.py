"""Deployment files hold together (no Docker daemon or cluster here: parsed and cross-checked, not run)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
HEALTH = "/_stcore/health"


def k8s() -> dict[str, dict]:
    """Every manifest in deploy/k8s by kind."""
    docs = [yaml.safe_load(path.read_text()) for path in sorted((DEPLOY / "k8s").glob("*.yaml"))]
    for doc in docs:
        assert {"apiVersion", "kind"} <= doc.keys(), doc
    return {doc["kind"]: doc for doc in docs}


def test_compose_runs_replicas_behind_the_shared_proxy_config_with_one_data_volume() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app, proxy, jobs = (compose["services"][name] for name in ("app", "proxy", "jobs"))
    assert app["deploy"]["replicas"] >= 2 and app["build"]["dockerfile"] == "deploy/Dockerfile"
    assert "lmp-data:/data" in app["volumes"] and "lmp-data:/data" in jobs["volumes"]
    assert "lmp-data" in compose["volumes"] and jobs["profiles"] == ["jobs"]  # not started by `up`
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    # every variable the proxy configuration reads is set for the proxy container
    wanted = set(re.findall(r"\$\{(\w+)\}", (DEPLOY / "haproxy.cfg").read_text()))
    assert wanted and wanted <= set(proxy["environment"])
    assert proxy["environment"]["LMP_WORKERS_DNS"] == "app"


def test_the_image_serves_streamlit_on_the_port_everything_else_expects() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "EXPOSE 8501" in dockerfile and '"--server.port", "8501"' in dockerfile
    assert HEALTH in dockerfile and "LMP_DB=/data/lmp.duckdb" in dockerfile
    assert re.search(
        r"server-template \w+ [\d-]+ \"\$\{LMP_WORKERS_DNS\}\":8501", (DEPLOY / "haproxy.cfg").read_text()
    )
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.MULTILINE):
        assert (DEPLOY.parent / copied).exists(), copied


def test_kubernetes_replicas_probes_service_ingress_affinity_and_volume_agree() -> None:
    kinds = k8s()
    deployment, service, ingress = kinds["Deployment"], kinds["Service"], kinds["Ingress"]
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    port = container["ports"][0]
    assert port["containerPort"] == 8501 and service["spec"]["ports"][0]["targetPort"] == port["name"]
    assert container["readinessProbe"]["httpGet"] == {"path": HEALTH, "port": port["name"]}
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {
        "name": service["metadata"]["name"],
        "port": {"name": service["spec"]["ports"][0]["name"]},
    }
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    claim = kinds["PersistentVolumeClaim"]["metadata"]["name"]
    for workload in (pod, kinds["Job"]["spec"]["template"]):
        assert workload["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim
        assert workload["spec"]["containers"][0]["volumeMounts"][0]["mountPath"] == "/data"
    assert kinds["Job"]["spec"]["template"]["spec"]["containers"][0]["command"][:3] == [
        "python",
        "-m",
        "lmp_metrics",
    ]


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
def test_kustomize_renders_the_manifests_offline() -> None:
    done = subprocess.run(["kubectl", "kustomize", str(DEPLOY / "k8s")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rendered = {doc["kind"] for doc in yaml.safe_load_all(done.stdout)}
    assert rendered == {"PersistentVolumeClaim", "Deployment", "Service", "Ingress"}
