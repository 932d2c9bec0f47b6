"""The deployment files: docker compose (parsed, since no Docker engine runs here) and production settings."""

from __future__ import annotations

import importlib
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "deals.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_has_the_whole_stack():
    services = COMPOSE["services"]

    assert sorted(services) == ["beat", "db", "redis", "web", "worker"]
    assert (services["db"]["image"], services["redis"]["image"]) == (
        "postgres:16",
        "redis:7",
    )


def test_compose_app_services_point_at_db_and_redis():
    for name in ["web", "worker", "beat"]:
        environment = COMPOSE["services"][name]["environment"]
        assert environment["DATABASE_URL"].startswith(
            "postgres://dealflow:dealflow@db:5432/"
        )
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert environment["DEBUG"] == "false"


def test_compose_web_runs_gunicorn_on_the_wsgi_application():
    command = COMPOSE["services"]["web"]["command"]
    module, attribute = command.split("gunicorn ")[1].split()[0].strip('"').split(":")

    assert getattr(importlib.import_module(module), attribute) is not None


def test_compose_web_listens_on_the_containers_addresses_with_the_shipped_config():
    web = COMPOSE["services"]["web"]

    assert web["environment"]["BIND"] == "0.0.0.0:8000"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "--workers" not in web["command"] and "--bind" not in web["command"]


@pytest.mark.parametrize(("service", "role"), [("worker", "worker"), ("beat", "beat")])
def test_compose_celery_services_name_the_project_app(service, role):
    command = COMPOSE["services"][service]["command"]
    app_module = command[command.index("-A") + 1]

    assert command[:1] + command[3:4] == ["celery", role]
    assert importlib.import_module(app_module).celery_app.main == "tracker"


def test_dockerfile_serves_the_same_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "FROM python:3.11" in dockerfile
    assert '"tracker.wsgi:application"' in dockerfile


def test_env_example_lists_every_setting_the_settings_read():
    settings_source = (ROOT / "tracker" / "settings.py").read_text()
    example = (ROOT / ".env.example").read_text()

    read = set(re.findall(r'env_(?:bool|int|list)\("([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))

    assert read - listed == set()


def test_production_settings_refuse_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_check_deploy_with_production_settings_reports_nothing():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


def test_bad_boolean_setting_is_a_clear_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "maybe"})

    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_bad_api_throttle_rate_is_a_clear_error():
    result = run_manage(
        "check", env={**PRODUCTION_ENV, "API_THROTTLE_RATE": "lots/min"}
    )

    assert (
        "API_THROTTLE_RATE must be calls per period, like 120/min, not 'lots/min'"
        in result.stderr
    )


def test_cache_url_gives_every_process_one_redis_cache():
    code = "from django.conf import settings as s; print(s.CACHES['default'])"

    result = run_manage(
        "shell",
        "-c",
        code,
        env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/1"},
    )

    assert result.stdout.strip().splitlines()[-1] == str(
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    )


def test_gunicorn_serves_with_threads_so_a_long_export_is_not_cut():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["worker_class"] == "gthread" and config["threads"] > 1
    assert config["bind"] == "127.0.0.1:8000"
