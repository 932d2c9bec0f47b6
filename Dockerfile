FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md manage.py gunicorn.conf.py ./
COPY tracker tracker
COPY rounds rounds
COPY templates templates
COPY static static
# Editable, so the settings find templates/ and static/ beside the code in /app.
RUN pip install --no-cache-dir -e . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home dealflow
USER dealflow
EXPOSE 8000
ENV BIND=0.0.0.0:8000
# gunicorn.conf.py: threaded workers, so that a long CSV export streams to its end, however long
# (PostgreSQL writes it with COPY; see docker-compose.yml for a proxy's read timeout).
CMD ["gunicorn", "tracker.wsgi:application"]
