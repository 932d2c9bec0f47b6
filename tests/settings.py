"""Test settings: the project's settings with fast hashing and in-process tasks."""

from __future__ import annotations

import os

os.environ.setdefault(
    "SECRET_KEY", "tests-only-secret-key-that-is-long-enough-to-look-real-4b9d2f"
)

from tracker.settings import *  # noqa: E402, F403 -- the one star import: tests extend the real settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the source folders, as runserver does, without a collectstatic step:
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
