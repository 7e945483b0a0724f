"""Object storage: the README's S3 settings against a local S3-compatible server.

moto's standalone server (a test extra, `moto[server]`) speaks the S3 protocol over
HTTP on 127.0.0.1; the test creates its buckets and runs the portal with exactly the
README's variables (DJANGO_STORAGE_BACKEND=s3, AWS_STORAGE_BUCKET_NAME,
AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_LOCATION) and django-storages. What it proves: uploads and a published result
are written to the bucket, streamed back through gunicorn, /health/'s storage probe
passes, and `make backup`/`make restore` carry every object into a new bucket with
the same SHA-256. What it cannot prove: a particular provider's behaviour
(permissions, eventual consistency, multipart limits) — see docs/OPERATIONS.md.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from tests.deploy.support import (
    PUBLISH_DEMO,
    Browser,
    Gunicorn,
    django_script,
    free_port,
    manage,
    new_database,
    portal_env,
    postgres_url,
    require_tool,
    run,
    stop,
    wait_for_port,
)

pytestmark = pytest.mark.deploy

REGION = "ap-northeast-2"


def _moto_available() -> None:
    try:
        import boto3  # noqa: F401
        import moto  # noqa: F401
        import storages  # noqa: F401
    except ImportError as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing.name} missing — test extras are mandatory in CI", pytrace=False)
        pytest.skip(f"{missing.name} not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    _moto_available()
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, server, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


def _bucket(endpoint: str, name: str):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="portal-test",
        aws_secret_access_key="portal-test-secret",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


def _objects(client, bucket: str) -> dict[str, str]:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return found


def _env(tmp, database_url, endpoint, bucket):
    # The README's "Object storage" variables, as a district would set them.
    return portal_env(
        tmp,
        database_url,
        DJANGO_STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID="portal-test",
        AWS_SECRET_ACCESS_KEY="portal-test-secret",
        AWS_LOCATION="dolbom",
    )


def test_publish_serve_and_back_up_through_the_bucket(s3, tmp_path):
    if postgres_url():
        require_tool("pg_dump", "PostgreSQL backups use pg_dump and pg_restore")
    source = _bucket(s3, "dolbom-source")
    _bucket(s3, "dolbom-restored")
    with new_database("s3src") as source_db, new_database("s3dst") as target_db:
        env = _env(tmp_path / "source", source_db, s3, "dolbom-source")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "loaddemo", "--force")
        django_script(env, PUBLISH_DEMO)
        stored = _objects(source, "dolbom-source")
        assert any(key.endswith(".pdf") for key in stored), stored
        assert all(key.startswith("dolbom/") for key in stored)  # AWS_LOCATION
        assert not (tmp_path / "source" / "private").exists()  # nothing on the local disk

        port = free_port()
        with Gunicorn(env, port, tmp_path / "gunicorn.log"):
            visitor = Browser(port)
            status, _h, body = visitor.get("/health/")
            assert status == 200, body
            status, headers, pdf = visitor.get("/archive/geumjeong/2023-h2/result.pdf")
            assert status == 200 and pdf.startswith(b"%PDF-")
            assert hashlib.sha256(pdf).hexdigest() in stored.values()
        # /health/'s probe left nothing behind.
        assert _objects(source, "dolbom-source") == stored

        run(
            [sys.executable, "scripts/backup.py", "create", "--output-dir", str(tmp_path / "b")],
            env,
        )
        [archive] = (tmp_path / "b").glob("portal-backup-*.tar.gz")
        restored_env = _env(tmp_path / "restored", target_db, s3, "dolbom-restored")
        result = run([sys.executable, "scripts/backup.py", "restore", str(archive)], restored_env)
        assert "every file matches its SHA-256" in result.stdout
        assert _objects(source, "dolbom-restored") == stored
