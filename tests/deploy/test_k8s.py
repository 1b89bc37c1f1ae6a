"""deploy/k8s: every manifest is valid against the Kubernetes schemas, and the pieces refer to each other.

The built-in kinds are validated strictly (unknown fields refused) with
kubernetes-validate, whose schemas ship inside the package: nothing is fetched.
It has no schemas for the operators' custom resources (RabbitmqCluster,
CloudNativePG's Cluster): for those the test checks their apiVersion and kind
and the fields the operators require or that this deployment relies on.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as kubernetes

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
SERVICES = ("cohorts", "consultations", "fairs")
NAMESPACE = "rostok"
# the oldest Kubernetes still widely run (autoscaling/v2 and every kind here are GA there) and the newest known
KUBERNETES_VERSIONS = ("1.29", kubernetes.latest_version())
CUSTOM = {
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"),
    ("postgresql.cnpg.io/v1", "Cluster"),
}
QUANTITY = re.compile(r"^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")


def _documents() -> list[tuple[str, dict]]:
    return [
        (f"{path.name}#{i}", doc)
        for path in MANIFESTS
        for i, doc in enumerate(yaml.safe_load_all(path.read_text()))
        if doc is not None
    ]


DOCUMENTS = _documents()
BUILT_IN = [(name, doc) for name, doc in DOCUMENTS if (doc["apiVersion"], doc["kind"]) not in CUSTOM]


def _of_kind(kind: str, api_version: str | None = None) -> dict[str, dict]:
    return {
        doc["metadata"]["name"]: doc
        for _name, doc in DOCUMENTS
        if doc["kind"] == kind and (api_version is None or doc["apiVersion"] == api_version)
    }


def test_the_manifests_are_there():
    kinds = {doc["kind"] for _name, doc in DOCUMENTS}
    assert {"Namespace", "ConfigMap", "Secret", "Job", "Deployment", "Service", "Ingress",
            "HorizontalPodAutoscaler", "RabbitmqCluster", "Cluster"} <= kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("name, doc", BUILT_IN, ids=[name for name, _doc in BUILT_IN])
def test_each_built_in_resource_is_valid_against_the_kubernetes_schema(name, doc, version):
    try:
        kubernetes.validate(doc, version, strict=True)
    except kubernetes.ValidationError as exc:
        pytest.fail(f"{name} ({doc['kind']} {doc['metadata'].get('name')}) on Kubernetes {version}: {exc.message} "
                    f"at {'.'.join(str(p) for p in exc.path)}")


def test_the_validator_refuses_what_it_should():
    """The check has teeth: an unknown field and a wrong type fail it, a custom kind is not silently passed."""
    deployment = next(doc for _name, doc in BUILT_IN if doc["kind"] == "Deployment")
    with pytest.raises(kubernetes.ValidationError):
        kubernetes.validate({**deployment, "spec": {**deployment["spec"], "replica": 3}}, KUBERNETES_VERSIONS[0], strict=True)
    with pytest.raises(kubernetes.ValidationError):
        kubernetes.validate({**deployment, "spec": {**deployment["spec"], "replicas": "three"}}, KUBERNETES_VERSIONS[0], strict=True)
    cluster = next(doc for _name, doc in DOCUMENTS if doc["kind"] == "Cluster")
    with pytest.raises(kubernetes.SchemaNotFoundError):
        kubernetes.validate(cluster, KUBERNETES_VERSIONS[0], strict=True)


@pytest.mark.parametrize("name, doc", DOCUMENTS, ids=[name for name, _doc in DOCUMENTS])
def test_every_resource_is_named_and_in_the_namespace(name, doc):
    assert doc["metadata"].get("name"), name
    if doc["kind"] != "Namespace":
        assert doc["metadata"].get("namespace") == NAMESPACE, name


def test_rabbitmq_is_a_three_node_cluster():
    clusters = _of_kind("RabbitmqCluster")
    assert list(clusters) == ["rostok-rabbitmq"]
    (cluster,) = clusters.values()
    assert cluster["apiVersion"] == "rabbitmq.com/v1beta1"
    spec = cluster["spec"]
    # fields the RabbitmqCluster CRD defines (it refuses others)
    assert set(spec) <= {"replicas", "image", "imagePullSecrets", "service", "persistence", "resources", "affinity",
                         "tolerations", "rabbitmq", "tls", "override", "terminationGracePeriodSeconds",
                         "skipPostDeploySteps", "secretBackend", "delayStartSeconds", "autoEnableAllFeatureFlags"}
    # quorum queues keep a majority through the loss of one node only with an odd count of three or more
    assert isinstance(spec["replicas"], int) and spec["replicas"] >= 3 and spec["replicas"] % 2 == 1
    assert QUANTITY.match(str(spec["persistence"]["storage"]))
    for bounds in spec["resources"].values():
        assert all(QUANTITY.match(str(v)) for v in bounds.values()), bounds


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_own_postgresql_cluster(service):
    clusters = _of_kind("Cluster", "postgresql.cnpg.io/v1")
    cluster = clusters[f"{service}-db"]
    spec = cluster["spec"]
    assert isinstance(spec["instances"], int) and spec["instances"] >= 2  # required by the CRD; 2: a standby
    assert QUANTITY.match(str(spec["storage"]["size"]))
    assert spec["bootstrap"]["initdb"] == {"database": service, "owner": service}
    assert len(clusters) == len(SERVICES)


def test_the_example_secret_points_at_the_clusters():
    """CloudNativePG serves the primary as <cluster>-rw; the RabbitMQ operator's client service has the cluster's name."""
    secret = _of_kind("Secret")["rostok-secrets"]["stringData"]
    rabbitmq = next(iter(_of_kind("RabbitmqCluster")))
    for url in secret["ROSTOK_BROKER_URL"].split(";"):
        assert re.search(rf"@{rabbitmq}(\.{NAMESPACE}\.svc)?:5672/", url), url
    for service in SERVICES:
        url = secret[f"ROSTOK_{service.upper()}_DATABASE_URL"]
        assert url.startswith("postgresql+psycopg://"), url
        assert re.search(rf"@{service}-db-rw(\.{NAMESPACE}\.svc)?:5432/{service}$", url), url


@pytest.mark.parametrize("service", SERVICES)
def test_the_web_deployment_is_autoscaled_and_ready_without_the_broker(service):
    deployments = _of_kind("Deployment")
    web = deployments[f"{service}-web"]
    scaler = _of_kind("HorizontalPodAutoscaler")[f"{service}-web"]
    assert scaler["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": f"{service}-web"}
    assert 2 <= scaler["spec"]["minReplicas"] <= scaler["spec"]["maxReplicas"]
    (container,) = web["spec"]["template"]["spec"]["containers"]
    # readyz answers while the broker is away: a broker outage keeps every pod in service
    assert container["readinessProbe"]["httpGet"]["path"] == f"/{service}/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == f"/{service}/healthz"
    assert f"{service}-worker" in deployments


def test_references_between_resources_resolve():
    config_maps, secrets, services = _of_kind("ConfigMap"), _of_kind("Secret"), _of_kind("Service")
    secret_keys = {name: set(doc.get("stringData", {})) | set(doc.get("data", {})) for name, doc in secrets.items()}
    for kind in ("Deployment", "Job"):
        for name, doc in _of_kind(kind).items():
            pod = doc["spec"]["template"]["spec"]
            for container in pod["containers"]:
                for source in container.get("envFrom", []):
                    assert source["configMapRef"]["name"] in config_maps, name
                for var in container.get("env", []):
                    ref = var.get("valueFrom", {}).get("secretKeyRef")
                    if ref and not ref.get("optional"):
                        assert ref["key"] in secret_keys[ref["name"]], (name, ref)
            if kind == "Deployment":
                assert doc["spec"]["selector"]["matchLabels"].items() <= doc["spec"]["template"]["metadata"]["labels"].items()
    for service in services.values():
        targets = [d for d in _of_kind("Deployment").values()
                   if service["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert targets, service["metadata"]["name"]
    for rule in _of_kind("Ingress")["rostok"]["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"]["name"] in services, path
